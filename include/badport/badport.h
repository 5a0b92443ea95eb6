#ifndef BADPORT_BADPORT_H
#define BADPORT_BADPORT_H
/**
 * \file badport.h
 * The C API of badport: which TCP ports browsers and runtimes refuse to connect to, and which
 * port to use instead. Plain C (C99 and later, and C++), no C++ types: it is what other
 * languages bind to. The C++ API is badport.hpp.
 *
 * Sources of truth: Fetch "bad port" https://fetch.spec.whatwg.org/#port-blocking,
 * Chromium net/base/port_util.cc, Firefox netwerk/base/nsIOService.cpp,
 * WebKit Source/WTF/wtf/URL.cpp, Servo components/net/fetch/methods.rs,
 * Ladybird Libraries/LibHTTP/Port.cpp.
 *
 * Link the core (`-lbadport`, pkg-config `badport`, CMake `badport::badport`) for every
 * function here except badport_pick_port(), which tries to bind ports and so lives in the
 * adapters library (`-lbadport_io`, pkg-config `badport-io`, CMake `badport::io`).
 *
 * Every function is thread-safe and allocates nothing the caller must free. Functions that
 * can fail return a badport_status and, when `message` is not NULL, write a one-line,
 * NUL-terminated reason into it (truncated to `message_size` bytes), such as
 * `invalid port "6000x": trailing characters`.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The engines whose port blocking badport knows (values are stable). */
typedef enum badport_engine {
  BADPORT_ENGINE_FETCH = 0,    /**< the WHATWG Fetch standard */
  BADPORT_ENGINE_CHROMIUM = 1, /**< Chrome, Edge, Brave, Opera, Electron */
  BADPORT_ENGINE_FIREFOX = 2,  /**< Firefox (Gecko) */
  BADPORT_ENGINE_WEBKIT = 3,   /**< Safari and every iOS browser */
  BADPORT_ENGINE_NODE = 4,     /**< Node.js fetch (undici) */
  BADPORT_ENGINE_DENO = 5,     /**< Deno fetch */
  BADPORT_ENGINE_BUN = 6,      /**< Bun fetch: blocks no port */
  BADPORT_ENGINE_SERVO = 7,    /**< Servo */
  BADPORT_ENGINE_LADYBIRD = 8  /**< Ladybird */
} badport_engine;

/** Number of engines; valid badport_engine values are 0 .. BADPORT_ENGINE_COUNT - 1. */
#define BADPORT_ENGINE_COUNT 9

/** A set of engines: bit `1u << engine` per engine. */
typedef uint32_t badport_engine_set;

/** The set holding one engine. */
#define BADPORT_ENGINE_BIT(e) (1u << (e))

/** Every engine: the BADPORT_ENGINE_COUNT low bits. */
#define BADPORT_ALL_ENGINES 0x1FFu

/** What a fallible call returns. BADPORT_OK is 0; every other value is an error. */
typedef enum badport_status {
  BADPORT_OK = 0,
  BADPORT_ERROR_INVALID_PORT = 1,       /**< a port that does not parse ("6000x") */
  BADPORT_ERROR_PORT_OUT_OF_RANGE = 2,  /**< a port above 65535 */
  BADPORT_ERROR_INVALID_RANGE = 3,      /**< a range that does not parse or runs backwards */
  BADPORT_ERROR_UNKNOWN_ENGINE = 4,     /**< an engine name badport does not know */
  BADPORT_ERROR_INVALID_DATE = 5,       /**< a date that is not YYYY-MM-DD */
  BADPORT_ERROR_INVALID_URL = 6,        /**< a URL the WHATWG URL parser rejects */
  BADPORT_ERROR_INVALID_FLAGS = 7,      /**< a Chromium command line that cannot be split */
  BADPORT_ERROR_INVALID_PREFS = 8,      /**< a Firefox prefs.js that cannot be read */
  BADPORT_ERROR_INVALID_UTF8 = 9,       /**< input that is not valid UTF-8 */
  BADPORT_ERROR_LINE_TOO_LONG = 10,     /**< an input line past the length limit */
  BADPORT_ERROR_IO = 11,                /**< a file, socket or process operation failed */
  BADPORT_ERROR_INVALID_ARGUMENT = 12,  /**< any other bad argument (a NULL pointer) */
  BADPORT_ERROR_NOT_FOUND = 13          /**< no port satisfies the request */
} badport_status;

/** badport's version, "MAJOR.MINOR.PATCH". Never NULL. */
const char* badport_version(void);

/** The fixed part of a status's message ("invalid port"); "ok" for BADPORT_OK. Never NULL. */
const char* badport_status_string(badport_status status);

/** The engine's canonical lowercase name ("chromium"), or NULL for a value out of range. */
const char* badport_engine_name(badport_engine engine);

/**
 * Parses a comma-separated list of engine names or aliases ("chrome,firefox", "all"),
 * case-insensitive, into `*engines`. Unknown names fail with BADPORT_ERROR_UNKNOWN_ENGINE and a
 * "did you mean" message when one name is close.
 */
badport_status badport_parse_engines(const char* text, badport_engine_set* engines, char* message,
                                     size_t message_size);

/**
 * Parses a port as users write it ("6000", "06000"): decimal digits only, 0..65535.
 */
badport_status badport_parse_port(const char* text, uint16_t* port, char* message, size_t message_size);

/**
 * Whether `engine` refuses an http(s) URL whose explicit port is `port`, with no user
 * overrides: 1 blocked, 0 allowed. Ports out of 0..65535 are refused by every engine that
 * blocks at all. An engine value out of range gives 0.
 */
int badport_is_blocked(int port, badport_engine engine);

/**
 * The engines of `engines` that refuse `port` (see badport_is_blocked); 0 when none does.
 * Check a port against every engine with BADPORT_ALL_ENGINES.
 */
badport_engine_set badport_blocking_engines(int port, badport_engine_set engines);

/**
 * Writes the engine's blocked ports, sorted, into `ports` (at most `capacity` of them; `ports`
 * may be NULL when `capacity` is 0) and returns how many there are in all, like snprintf:
 * call once with capacity 0 to size the buffer. Returns 0 for an engine out of range.
 */
size_t badport_blocked_ports(badport_engine engine, uint16_t* ports, size_t capacity);

/**
 * Which engines of `engines` refuse to load `url`, with no user overrides: the URL is parsed
 * with the WHATWG URL parser (https://url.spec.whatwg.org/), and each engine decides on its
 * port and scheme as it does (Fetch, Servo, Ladybird, Node and Deno check only http(s) and
 * ws(s) URLs with an explicit port; Chromium and Firefox any scheme; WebKit exempts ftp on 21
 * and 22).
 * Writes the set into `*blocked_by` (0: no engine refuses it). A URL that does not parse
 * fails with BADPORT_ERROR_INVALID_URL and a message naming the reason.
 */
badport_status badport_check_url(const char* url, badport_engine_set engines, badport_engine_set* blocked_by,
                                 char* message, size_t message_size);

/**
 * The port to use instead of `preferred`, by the one suggestion policy (badport/suggest.h, the
 * answer `badport check` gives): `preferred` itself when no engine of `engines` refuses it, else
 * the next allowed port above (6000 -> 6001, 6665 -> 6670), else the nearest allowed below.
 * Pure: it does not look at which ports are free on this machine (see badport_pick_port).
 * Fails with BADPORT_ERROR_NOT_FOUND when every port is refused.
 */
badport_status badport_suggest_port(int preferred, badport_engine_set engines, uint16_t* port);

/**
 * Picks a port to listen on that no engine of `engines` refuses and that can be bound right
 * now: `near` itself when it qualifies, else the next such port above, else the nearest below
 * (badport_suggest_port's policy, skipping ports that cannot be bound), or, when
 * `near` is 0, one at random in 10000-32767 (above the ports dev servers default to, below Linux's
 * ephemeral range). The port must bind on `host` (an IPv4 or IPv6 literal, or "localhost");
 * NULL or "localhost" means 127.0.0.1 and, when this machine has IPv6, ::1. Each candidate is
 * tested by binding a TCP socket and closing it again, so another process may still take the
 * port before the caller binds it.
 * In the adapters library (`badport_io`). Fails with BADPORT_ERROR_NOT_FOUND when no port
 * qualifies, BADPORT_ERROR_INVALID_ARGUMENT for `near` out of 0..65535 or a host that is not
 * an address of this machine.
 */
badport_status badport_pick_port(int near, badport_engine_set engines, const char* host, uint16_t* port,
                                 char* message, size_t message_size);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* BADPORT_BADPORT_H */

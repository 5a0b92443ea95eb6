/* Using badport from C: which engines refuse port 6000, what to use instead, and a free port
 * to listen on. Build: cc main.c $(pkg-config --cflags --libs --static badport-io) */
#include <badport/badport.h>

#include <stdio.h>

int main(void) {
  printf("badport %s\n", badport_version());

  /* Which engines refuse http://localhost:6000/ ? */
  const badport_engine_set blocked = badport_blocking_engines(6000, BADPORT_ALL_ENGINES);
  printf("6000 is blocked by:");
  for (int e = 0; e < BADPORT_ENGINE_COUNT; ++e)
    if (blocked & BADPORT_ENGINE_BIT(e)) printf(" %s", badport_engine_name((badport_engine)e));
  printf("\n");

  /* A URL, parsed as browsers parse it. */
  badport_engine_set url_blocked = 0;
  char message[128];
  if (badport_check_url("http://localhost:6000/", BADPORT_ALL_ENGINES, &url_blocked, message, sizeof message) != BADPORT_OK) {
    fprintf(stderr, "%s\n", message);
    return 2;
  }
  printf("http://localhost:6000/ is %s by chromium\n",
         (url_blocked & BADPORT_ENGINE_BIT(BADPORT_ENGINE_CHROMIUM)) ? "blocked" : "allowed");

  /* Names as users type them, with errors as messages. */
  badport_engine_set browsers = 0;
  if (badport_parse_engines("chrome,firefox,safari", &browsers, message, sizeof message) != BADPORT_OK) {
    fprintf(stderr, "%s\n", message);
    return 2;
  }
  if (badport_parse_engines("chromum", &browsers, message, sizeof message) != BADPORT_ERROR_UNKNOWN_ENGINE) return 2;
  printf("error: %s\n", message);

  /* The nearest port no browser refuses, and one that is also free here right now. */
  uint16_t port = 0;
  if (badport_suggest_port(6000, browsers, &port) != BADPORT_OK) return 2;
  printf("instead of 6000, use %u\n", (unsigned)port);
  if (badport_pick_port(6000, browsers, NULL, &port, message, sizeof message) != BADPORT_OK) {
    fprintf(stderr, "%s\n", message);
    return 2;
  }
  printf("free now near 6000: %u (chromium blocks it: %d)\n", (unsigned)port,
         badport_is_blocked(port, BADPORT_ENGINE_CHROMIUM));

  /* An engine's whole list: ask for the size, then fill. */
  uint16_t ports[256];
  const size_t n = badport_blocked_ports(BADPORT_ENGINE_FIREFOX, ports, sizeof ports / sizeof ports[0]);
  printf("firefox blocks %zu ports, the first is %u\n", n, (unsigned)ports[0]);
  return 0;
}

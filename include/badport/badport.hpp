#pragma once
/// \file badport.hpp
/// The whole C++ core API of badport. (The C API is badport.h.)

#include <badport/engine.h>
#include <badport/error.h>
#include <badport/exit_status.h>
#include <badport/glob.h>
#include <badport/port_spec.h>
#include <badport/ports.h>
#include <badport/result.h>
#include <badport/rules.h>
#include <badport/socket_table.h>
#include <badport/text.h>
#include <badport/bind_warning.h>
#include <badport/host_check.h>
#include <badport/pages.h>
#include <badport/scan.h>
#include <badport/version.h>
#include <badport/url.h>
#include <badport/url_check.h>

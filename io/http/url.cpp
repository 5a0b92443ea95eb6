// Boost.URL is header-only in Boost 1.81 when its sources are compiled into one translation
// unit of the program: this is that unit.
#include <boost/url/src.hpp>

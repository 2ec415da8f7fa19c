#ifndef ROLLWATCH_CZLIB_SHIM_H
#define ROLLWATCH_CZLIB_SHIM_H

/* gzip for recordings whose name ends in .gz. */
#include <zlib.h>

#endif

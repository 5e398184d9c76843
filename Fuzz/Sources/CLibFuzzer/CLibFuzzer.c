// Only a header: SwiftPM needs one C source file in a C target.
#include "CLibFuzzer.h"

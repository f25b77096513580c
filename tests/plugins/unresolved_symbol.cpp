// A plugin-shaped library that needs a symbol nobody provides: loading with every symbol
// resolved up front must refuse it instead of failing later, mid-scan.
#include <vigil/plugin_abi.h>

extern "C" int vigil_test_symbol_that_does_not_exist(int);

extern "C" VIGIL_PLUGIN_EXPORT int unresolved_entry(int x) {
  return vigil_test_symbol_that_does_not_exist(x);
}

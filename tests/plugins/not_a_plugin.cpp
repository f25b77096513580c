// A perfectly ordinary shared library with no Vigil descriptor.
extern "C" __attribute__((visibility("default"))) int not_a_plugin_answer() { return 42; }

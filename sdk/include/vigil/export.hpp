// VIGIL_API marks what libvigil exports; everything else is hidden (-fvisibility=hidden).
#pragma once

#if defined(_WIN32)
#define VIGIL_API __declspec(dllexport)
#else
#define VIGIL_API __attribute__((visibility("default")))
#endif

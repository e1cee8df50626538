# CMake toolchain file: the arm64 efiresv-audit for the vm suite's guests,
# built with Debian's cross compiler (gcc-aarch64-linux-gnu,
# libc6-dev-arm64-cross) against the arm64 -dev packages that
# tests/vm/run.py unpacks into EA_ARM64_DEPS (apt-get download + dpkg-deb -x:
# nothing is installed on the build machine, and libfdt-dev, which is not
# Multi-Arch: same, could not be installed beside the native one anyway).
#
# json-c, libfdt, libarchive and zlib are linked statically (run.py removes
# their .so links, so -lNAME finds NAME.a); glibc, libefivar and
# libsmartcols, of which Debian ships no static library, dynamically: run.py
# copies them and the loader into the initramfs. libarchive.a is linked for its tar reader and
# gzip filter, which need zlib only, hence libz.a at the end of every link.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)

if(NOT EA_ARM64_DEPS)
  set(EA_ARM64_DEPS "$ENV{EA_ARM64_DEPS}")
endif()
if(NOT EA_ARM64_DEPS OR NOT IS_DIRECTORY "${EA_ARM64_DEPS}/usr/lib/aarch64-linux-gnu")
  message(FATAL_ERROR "EA_ARM64_DEPS must name the unpacked arm64 -dev packages "
                      "(tests/vm/run.py makes it)")
endif()
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES EA_ARM64_DEPS)

set(CMAKE_FIND_ROOT_PATH "${EA_ARM64_DEPS}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(ENV{PKG_CONFIG_LIBDIR} "${EA_ARM64_DEPS}/usr/lib/aarch64-linux-gnu/pkgconfig:${EA_ARM64_DEPS}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${EA_ARM64_DEPS}")

set(CMAKE_EXE_LINKER_FLAGS_INIT "-L${EA_ARM64_DEPS}/usr/lib/aarch64-linux-gnu")
set(CMAKE_C_STANDARD_LIBRARIES "${EA_ARM64_DEPS}/usr/lib/aarch64-linux-gnu/libz.a")

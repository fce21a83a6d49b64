#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# need.sh WHAT...: makes sure each build prerequisite is present, installing its
# Debian package when run as root, or failing with the exact command otherwise.
# WHAT is one of: cc cxx python numpy matplotlib onnx torch sklearn cjson gtest verilator
# yosys systemc pkgconfig gtkwave fuzzer (clang-14 with its libFuzzer runtime).
# The make rules reach it through the order-only targets need-<WHAT> (Makefile, "Tools").
# SCNN_INSTALL names the install step (default: scripts/deps.sh next to this file); the
# first-build test (tests/suites/07-first-build.sh) sets a stand-in there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pkgs=()
for what in "$@"; do
  case "$what" in
    # gcc only recommends the C library headers; installed without recommends it lacks them
    cc)         command -v gcc >/dev/null || pkgs+=(gcc)
                [ -f /usr/include/errno.h ] || pkgs+=(libc6-dev) ;;
    cxx)        command -v g++ >/dev/null || pkgs+=(g++) ;;
    python)     [ -x /usr/bin/python3 ] || pkgs+=(python3) ;;
    numpy)      /usr/bin/python3 -c 'import numpy' 2>/dev/null || pkgs+=(python3 python3-numpy) ;;
    matplotlib) /usr/bin/python3 -c 'import matplotlib' 2>/dev/null || pkgs+=(python3 python3-matplotlib) ;;
    onnx)       /usr/bin/python3 -c 'import onnx' 2>/dev/null || pkgs+=(python3 python3-numpy python3-onnx) ;;
    torch)      /usr/bin/python3 -c 'import torch' 2>/dev/null || pkgs+=(python3 python3-torch) ;;
    sklearn)    /usr/bin/python3 -c 'import sklearn' 2>/dev/null || pkgs+=(python3 python3-sklearn) ;;
    cjson)      [ -f /usr/include/cjson/cJSON.h ] || pkgs+=(libcjson-dev) ;;
    gtest)      [ -f /usr/include/gtest/gtest.h ] || pkgs+=(libgtest-dev) ;;
    # Verilator's FST writer (--trace-fst) includes zlib.h, which the package does not pull in
    verilator)  command -v verilator >/dev/null || pkgs+=(verilator)
                [ -f /usr/include/zlib.h ] || pkgs+=(zlib1g-dev) ;;
    yosys)      command -v yosys >/dev/null || pkgs+=(yosys) ;;
    systemc)    [ -f /usr/include/systemc.h ] || pkgs+=(libsystemc-dev) ;;
    pkgconfig)  command -v pkg-config >/dev/null || pkgs+=(pkg-config) ;;
    gtkwave)    command -v gtkwave >/dev/null || pkgs+=(gtkwave) ;;
    fuzzer)     command -v clang-14 >/dev/null || pkgs+=(clang-14)
                compgen -G '/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a' \
                  >/dev/null || pkgs+=(libclang-rt-14-dev) ;;
    *) echo "need.sh: unknown prerequisite '$what'" >&2; exit 2 ;;
  esac
done
[ ${#pkgs[@]} -eq 0 ] || exec "${SCNN_INSTALL:-$here/deps.sh}" "${pkgs[@]}"

#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
#
# test_fresh.sh [--dry-run]: the fresh-machine check behind `make test-fresh`.
# Runs the README's two commands, `make verify LAYER=conv3` then `make test`, in a
# minimal Debian 12 root (debootstrap --variant=minbase) with none of the project's
# packages, as a new user would: as root, after `apt-get install -y make` only.
#
#  1. a pristine bookworm minbase root, from the apt source this machine is configured
#     with (apt-get indextargets; apt's http proxy, if any, is handed to debootstrap).
#     It is made once and kept as a tarball (FRESH_CACHE); every run unpacks it afresh;
#  2. this machine's apt sources, keyrings, Acquire settings and resolv.conf are copied in;
#  3. a clean clone of FRESH_SRC (default: the repository this script is in) at FRESH_REF
#     (default: its HEAD) is made outside the root, in root's home directory inside it;
#  4. inside (chroot, in a private mount namespace with its own /proc, /sys, /dev; the
#     mounts vanish with the namespace, and a trap unmounts them first): apt-get install -y
#     git make - the README names make; git because the README's user works in a clone
#     (so has git) and the quick tier uses it (tests/suites/07-first-build.sh copies the
#     tracked files with `git ls-files`, 05-repo.sh checks them through git) - then the two
#     commands, each timed:
#        test-fresh: make verify LAYER=conv3: PASS in 412 s
#  5. exits 0 only if both pass. The root and the logs stay until the next run.
#
# Environment: BUILD (default build), FRESH_ROOT (default $BUILD/fresh/root),
# FRESH_CACHE (default $BUILD/fresh/cache), FRESH_SRC, FRESH_REF, FRESH_MIRROR (default:
# derived from the apt configuration), FRESH_SUITE (default bookworm).
# --dry-run prints what it would use and exits (needs no root).
# Exit status: 0 pass, 1 a command failed or the setup failed, 2 usage or not root.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cd "$top"

dry=0
case "${1:-}" in
  "") ;;
  --dry-run) dry=1 ;;
  *) echo "usage: test_fresh.sh [--dry-run]" >&2; exit 2 ;;
esac

if [ "$dry" = 0 ] && [ "$(id -u)" -ne 0 ]; then
  echo "test-fresh: must run as root (debootstrap, chroot and mount need it): sudo make test-fresh" >&2
  exit 2
fi

say() { echo "test-fresh: $*"; }
die() { echo "test-fresh: $*" >&2; exit 1; }

abspath() { # a path (existing or not) made absolute without resolving symlinks in its last part
  case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$top/$1" ;; esac
}

BUILD=${BUILD:-build}
root=$(abspath "${FRESH_ROOT:-$BUILD/fresh/root}")
cache=$(abspath "${FRESH_CACHE:-$BUILD/fresh/cache}")
suite=${FRESH_SUITE:-bookworm}
src=${FRESH_SRC:-$top}
ref=${FRESH_REF:-HEAD}
arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
marker=.scnn-test-fresh   # in every root this script made; nothing without it is ever removed

case "$root$cache" in *[[:space:]]*) echo "test-fresh: FRESH_ROOT/FRESH_CACHE must not contain blanks" >&2; exit 2 ;; esac

# --- the apt source and proxy this machine uses ----------------------------------------
mirror=${FRESH_MIRROR:-}
if [ -z "$mirror" ]; then
  # the repository that serves "<suite> ... Packages" (not -updates, not -security)
  mirror=$(apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE) $(CREATED_BY)' 2>/dev/null |
           awk -v s="$suite" '$2 == s && $3 == "Packages" { print $1; exit }')
fi
mirror=${mirror%/}
http_proxy_apt= ; https_proxy_apt=
eval "$(apt-config shell http_proxy_apt Acquire::http::Proxy https_proxy_apt Acquire::https::Proxy 2>/dev/null)"
case "$http_proxy_apt" in ""|DIRECT|false) http_proxy_apt= ;; esac
case "$https_proxy_apt" in ""|DIRECT|false) https_proxy_apt= ;; esac

if command -v git >/dev/null; then
  sha=$(git -C "$src" rev-parse --verify --quiet "$ref^{commit}") ||
    { echo "test-fresh: $ref is not a commit of $src" >&2; exit 2; }
elif [ "$dry" = 1 ]; then
  sha="? (git not installed)"
else
  sha=
fi
tarball="$cache/debian-$suite-minbase-$arch.tar"

if [ "$dry" = 1 ]; then
  say "source $src at $sha ($ref)"
  say "mirror ${mirror:-<none found>} suite $suite arch $arch${http_proxy_apt:+ http proxy $http_proxy_apt}"
  say "root $root; pristine tarball $tarball ($([ -f "$tarball" ] && echo cached || echo 'not made yet'))"
  [ -n "$mirror" ] || exit 1
  exit 0
fi

[ -n "$mirror" ] || die "no apt source for suite $suite in this machine's apt configuration (set FRESH_MIRROR=http://...)"
# the host's own tools: installed the project's way (scripts/deps.sh, apt-get as root)
if ! command -v debootstrap >/dev/null; then
  "$here/deps.sh" debootstrap || die "debootstrap missing and could not be installed"
fi
if [ -z "$sha" ]; then
  "$here/deps.sh" git || die "git missing and could not be installed"
  sha=$(git -C "$src" rev-parse --verify --quiet "$ref^{commit}") ||
    { echo "test-fresh: $ref is not a commit of $src" >&2; exit 2; }
fi
for tool in unshare chroot findmnt mount umount tar; do
  command -v $tool >/dev/null || die "$tool missing (util-linux, coreutils, tar)"
done
if [ -n "$(git -C "$top" status --porcelain --untracked-files=no 2>/dev/null)" ] && [ "$src" = "$top" ] && [ "$ref" = HEAD ]; then
  say "note: the work tree has uncommitted changes; the check runs on the commit $sha"
fi

# --- safety: mounts and removals -------------------------------------------------------
mounts_under() { # the mount points at or below $1, in this namespace, deepest first
  findmnt -rn -o TARGET | awk -v d="$1" '$0 == d || index($0, d "/") == 1' | sort -r
}
remove_tree() { # rm -rf of a tree this script made, never through a mount
  local d=$1 m
  [ -e "$d" ] || return 0
  case "$d" in /|/bin|/boot|/dev|/etc|/home|/lib*|/opt|/proc|/root|/run|/sbin|/srv|/sys|/tmp|/usr|/var)
    die "refusing to remove $d" ;; esac
  if [ -n "$(ls -A "$d" 2>/dev/null)" ] && [ ! -e "$d/$marker" ]; then
    die "$d exists and was not made by test_fresh.sh (no $marker): remove it yourself or set FRESH_ROOT"
  fi
  for m in $(mounts_under "$d"); do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done
  if [ -n "$(mounts_under "$d")" ]; then
    die "still mounted under $d (not removed): $(mounts_under "$d" | tr '\n' ' ')"
  fi
  # the marker goes last, so that a removal cut short can be redone
  find "$d" -mindepth 1 -maxdepth 1 ! -name "$marker" -exec rm -rf --one-file-system {} +
  rm -rf --one-file-system "$d"
}
stop_chroot_procs() { # processes still running in the roots (a job that ignored Ctrl-C)
  local p pids=() r
  for p in /proc/[0-9]*; do
    r=$(readlink "$p/root" 2>/dev/null) || continue
    case "$r" in "$root"|"$root"/*|"$cache/mk"|"$cache/mk"/*) pids+=("${p#/proc/}") ;; esac
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  say "stopping ${#pids[@]} process(es) left in the root: ${pids[*]}"
  kill -TERM "${pids[@]}" 2>/dev/null; sleep 3; kill -KILL "${pids[@]}" 2>/dev/null
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  stop_chroot_procs
  [ -n "${mk:-}" ] && remove_tree "$mk"   # a debootstrap cut short
  [ -n "${tmp_tar:-}" ] && rm -f "$tmp_tar"
  local left; left=$(mounts_under "$root")
  [ -z "$left" ] || { for m in $left; do umount "$m" 2>/dev/null || umount -l "$m"; done; }
  [ -z "$(mounts_under "$root")" ] || echo "test-fresh: WARNING: still mounted under $root: $left" >&2
  exit $rc
}
trap cleanup EXIT
trap 'echo "test-fresh: interrupted" >&2; exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

start_all=$(date +%s)

# --- 1. the pristine root, made once --------------------------------------------------
info="suite=$suite arch=$arch mirror=$mirror variant=minbase"
if [ ! -f "$tarball" ] || [ "$(cat "$tarball.info" 2>/dev/null)" != "$info" ]; then
  say "debootstrap --variant=minbase $suite from $mirror (once; kept as $tarball)"
  mkdir -p "$cache"
  mk="$cache/mk"
  remove_tree "$mk"; mkdir -p "$mk"; touch "$mk/$marker"
  t0=$(date +%s)
  # in a private mount namespace: debootstrap's own /proc and /sys mounts of the target
  # can never outlive it
  if ! env ${http_proxy_apt:+http_proxy=$http_proxy_apt} ${https_proxy_apt:+https_proxy=$https_proxy_apt} \
       unshare --mount --propagation private \
       debootstrap --variant=minbase --arch="$arch" "$suite" "$mk" "$mirror" >"$cache/debootstrap.log" 2>&1; then
    tail -n 20 "$cache/debootstrap.log" >&2
    die "debootstrap failed (log: $cache/debootstrap.log)"
  fi
  rm -rf "$mk/var/cache/apt/archives/"*.deb
  touch "$mk/$marker"
  tmp_tar="$tarball.tmp"
  tar --numeric-owner -C "$mk" -cf "$tmp_tar" . || die "tar of the pristine root failed"
  mv "$tmp_tar" "$tarball"; tmp_tar=
  echo "$info" >"$tarball.info"
  remove_tree "$mk"; mk=
  say "pristine root made in $(( $(date +%s) - t0 )) s"
fi

# --- 2. a fresh root from it ----------------------------------------------------------
t0=$(date +%s)
remove_tree "$root"
mkdir -p "$root"
tar --numeric-owner -C "$root" -xpf "$tarball" || die "unpacking $tarball failed"
[ -e "$root/$marker" ] || touch "$root/$marker"
say "pristine root unpacked in $(( $(date +%s) - t0 )) s (the previous run's root removed first)"

# apt: this machine's sources (enabled files only), the keyrings they name, its Acquire
# settings (proxy, validity checks); name resolution
rm -f "$root/etc/apt/sources.list"; rm -rf "$root/etc/apt/sources.list.d"; mkdir -p "$root/etc/apt/sources.list.d"
[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$root/etc/apt/"
for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] && cp "$f" "$root/etc/apt/sources.list.d/"
done
for k in $(cat "$root"/etc/apt/sources.list "$root"/etc/apt/sources.list.d/* 2>/dev/null |
           grep -oiE '(signed-by: *|signed-by=)/[^] ]+' | sed 's/^[^/]*//' | sort -u); do
  if [ -f "$k" ] && [ ! -e "$root$k" ]; then mkdir -p "$root$(dirname "$k")"; cp "$k" "$root$k"; fi
done
[ -f /etc/apt/apt.conf ] && cp /etc/apt/apt.conf "$root/etc/apt/"
for f in /etc/apt/apt.conf.d/*; do
  [ -f "$f" ] && grep -qi 'acquire' "$f" && cp "$f" "$root/etc/apt/apt.conf.d/"
done
rm -f "$root/etc/resolv.conf"; cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
cp /etc/hosts "$root/etc/hosts" 2>/dev/null

# --- 3. a clean clone, made outside -----------------------------------------------------
# root's home directory in the new system (from its passwd)
home=$(awk -F: '$1 == "root" { print $6 }' "$root/etc/passwd")
[ -n "$home" ] && [ -d "$root$home" ] || die "no home directory for root in $root/etc/passwd"
say "source $src at $sha"
dst="$root$home/scnn"
if ! git clone --quiet --no-checkout "$src" "$dst" 2>"$root$home/clone.log"; then
  cat "$root$home/clone.log" >&2; die "git clone of $src failed"
fi
if ! git -C "$dst" cat-file -e "$sha^{commit}" 2>/dev/null; then
  git -C "$dst" fetch --quiet origin "$sha" || die "fetching $sha from $src failed"
fi
git -C "$dst" -c advice.detachedHead=false checkout --quiet --detach "$sha" || die "checkout of $sha failed"

# --- 4. inside ------------------------------------------------------------------------
cat >"$root$home/test-fresh-inner.sh" <<'EOF'
# run inside the fresh root by test_fresh.sh (in root's home): the README's steps, timed
set -u
logs="$HOME/test-fresh-logs"
mkdir -p "$logs"; : >"$logs/results"
step() { # name log command...: runs, times, records "name rc seconds"
  local name=$1 log=$2 t0 rc; shift 2
  echo "test-fresh: >>> $name"
  t0=$(date +%s)
  "$@" 2>&1 | tee "$logs/$log"
  rc=${PIPESTATUS[0]}
  echo "$name|$rc|$(( $(date +%s) - t0 ))|$log" >>"$logs/results"
  echo "test-fresh: <<< $name: $([ "$rc" -eq 0 ] && echo PASS || echo "FAIL (exit $rc)") in $(( $(date +%s) - t0 )) s"
  return $rc
}
cd "$HOME/scnn"
# what a new user has or installs by hand: make (the README), git (they cloned the repository)
step "apt-get install -y git make" apt.log bash -c 'apt-get update && apt-get install -y git make' || exit 1
step "make verify LAYER=conv3" verify.log make verify LAYER=conv3
step "make test" test.log make test
exit 0
EOF

cat >"$root$home/test-fresh-ns.sh" <<'EOF'
# run by test_fresh.sh in a private mount namespace: mounts what the root needs,
# runs the steps in it, unmounts (the namespace's end would drop the mounts anyway)
set -u
r=$1 home=$2
umount_all() { umount -R "$r/dev" 2>/dev/null; umount "$r/sys" 2>/dev/null; umount "$r/proc" 2>/dev/null; }
trap umount_all EXIT
trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 129' HUP
mount -t proc -o nosuid,nodev,noexec proc "$r/proc" || exit 1
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$r/sys" || exit 1
# /dev: a tmpfs of its own with the few nodes a build needs (not the host's /dev)
mount -t tmpfs -o nosuid,mode=755,size=16m tmpfs "$r/dev" || exit 1
for n in "null 1 3" "zero 1 5" "full 1 7" "random 1 8" "urandom 1 9" "tty 5 0"; do
  set -- $n
  mknod -m 666 "$r/dev/$1" c "$2" "$3" 2>/dev/null || { touch "$r/dev/$1"; mount --bind "/dev/$1" "$r/dev/$1"; } || exit 1
done
ln -s /proc/self/fd "$r/dev/fd"; ln -s fd/0 "$r/dev/stdin"; ln -s fd/1 "$r/dev/stdout"; ln -s fd/2 "$r/dev/stderr"
mkdir -p "$r/dev/pts" "$r/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 devpts "$r/dev/pts" && ln -s pts/ptmx "$r/dev/ptmx"
mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs "$r/dev/shm" || exit 1
# a root login's environment, nothing of the caller's (no MAKEFLAGS, no build variables)
chroot "$r" /usr/bin/env -i HOME="$home" USER=root LOGNAME=root SHELL=/bin/bash TERM="${TERM:-dumb}" \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  /bin/bash "$home/test-fresh-inner.sh" </dev/null
EOF

say "running the README's commands in $root (a Debian $suite minbase root, chroot)"
unshare --mount --propagation private /bin/bash "$root$home/test-fresh-ns.sh" "$root" "$home"
ns_rc=$?

# --- 5. the summary ---------------------------------------------------------------------
logs="$root$home/test-fresh-logs"
echo
say "summary"
rc=0 n=0
while IFS='|' read -r name r secs log; do
  [ -n "$name" ] || continue
  n=$((n + 1))
  if [ "$r" -eq 0 ]; then say "$name: PASS in $secs s"
  else
    say "$name: FAIL (exit $r) in $secs s; log $logs/$log, its end:"
    tail -n 25 "$logs/$log" | sed 's/^/  | /'
    rc=1
  fi
done < <(cat "$logs/results" 2>/dev/null)
if [ "$n" -lt 3 ] && [ "$rc" -eq 0 ]; then
  say "FAIL: the run inside the root ended after $n of 3 steps (exit $ns_rc)"
  rc=1
fi
say "total $(( $(date +%s) - start_all )) s (source $sha; root and logs kept in $root until the next run)"
[ "$rc" -eq 0 ] && say PASS || say FAIL
exit $rc

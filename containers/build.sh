#!/usr/bin/env bash
# Build the agent image (mle-pipeline/agent:latest) and the validation server image
# (mle-pipeline/validation:latest) WITHOUT a registry: no `docker pull`, no network in the
# build or in the containers. Python packages are installed on this host with
# `pip install --target` (from PyPI or a local wheel index, for CPython 3.11 manylinux)
# and COPYed onto a local Python 3.11 base image made from Debian packages.
#
#   bash containers/build.sh            # engine + base + both images (idempotent)
#   bash containers/build.sh --online   # plain `docker build` of containers/agent/Dockerfile
#   bash containers/build.sh --own      # use only this script's engine/base logic, even when
#                                       # ../shared/tools/ensure-docker.sh exists
#   bash containers/build.sh --run-image  # also the run image mle-pipeline/dagster:latest that
#                                       # the Docker run launcher starts (deploy/README.md)
#
# Environment: PYTHON (interpreter whose installed versions are pinned; default python3),
# AGENT_IMAGE, VALIDATION_IMAGE, BASE_IMAGE, MLE_PIPELINE_BUILD_CACHE (default
# ~/.cache/mle-pipeline/image-build). See containers/README.md.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$HERE")
PYTHON=${PYTHON:-python3}
AGENT_IMAGE=${AGENT_IMAGE:-mle-pipeline/agent:latest}
VALIDATION_IMAGE=${VALIDATION_IMAGE:-mle-pipeline/validation:latest}
RUN_IMAGE=${RUN_IMAGE:-mle-pipeline/dagster:latest}
SHARED_BASE=local/py-slim:bookworm-2        # made by ../shared/tools/ensure-docker.sh
OWN_BASE=mle-pipeline/py-base:3.11-bookworm # made here when that script is absent
CACHE=${MLE_PIPELINE_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mle-pipeline/image-build}
PY_TAG=(--python-version 3.11 --implementation cp --abi cp311
        --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64
        --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64)
start=$SECONDS
say() { echo "[build +$((SECONDS - start))s] $*"; }
die() { echo "[build] error: $*" >&2; exit 1; }

# ---------------------------------------------------------------- 1. a Docker engine
engine_answers() { timeout 20 docker info >/dev/null 2>&1; }

pid_alive() {  # pid_alive FILE NAME: FILE holds the pid of a running (not zombie) NAME
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] \
    && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null
}

start_own_engine() {  # used only when ../shared/tools/ensure-docker.sh is not beside the repo
  if ! command -v dockerd >/dev/null; then
    [ "$(id -u)" = 0 ] || die "no Docker engine and not root: install Docker, then rerun"
    say "installing Debian's docker.io"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io \
      >/dev/null
  fi
  # A dockerd/containerd killed with an earlier session leaves pid files that make a new
  # daemon wait or refuse to start: drop them unless they name a live process.
  pid_alive /var/run/docker.pid dockerd && return 0
  rm -f /var/run/docker.pid
  pid_alive /var/run/docker/containerd/containerd.pid containerd \
    || rm -f /var/run/docker/containerd/containerd.pid
  say "starting dockerd (log: /tmp/dockerd.log)"
  setsid nohup dockerd >/tmp/dockerd.log 2>&1 </dev/null &
}

ensure_engine() {
  local shared
  shared="$(dirname "$REPO")/shared/tools/ensure-docker.sh"
  if [ -f "$shared" ] && [ "$OWN" = 0 ]; then
    say "engine and base images via $shared"
    bash "$shared"
    return
  fi
  command -v docker >/dev/null || [ "$(id -u)" = 0 ] || die "docker is not installed"
  engine_answers && return 0
  start_own_engine
  for _ in $(seq 1 120); do engine_answers && return 0; sleep 0.5; done
  tail -20 /tmp/dockerd.log >&2 || true
  die "the Docker engine did not come up"
}

# ---------------------------------------------------------------- 2. a Python 3.11 base
debs_into() {  # debs_into DIR PACKAGE...: download Debian packages and unpack them in DIR
  local dir=$1 debs
  shift
  debs=$(mktemp -d /tmp/mle-debs.XXXXXX)
  (cd "$debs" && apt-get download -qq -o APT::Sandbox::User=root "$@" >/dev/null) \
    || (apt-get update -qq && cd "$debs" \
        && apt-get download -qq -o APT::Sandbox::User=root "$@" >/dev/null) \
    || die "could not download Debian packages: $*"
  for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$dir"; done
  rm -rf "$debs"
}

build_own_base() {
  # python3.11 and libstdc++6 with their library dependencies, minus dpkg, perl and
  # the other tools a package manager needs but a Python program does not.
  local root packages
  root=$(mktemp -d /tmp/mle-base.XXXXXX)
  packages=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
      --no-breaks --no-replaces --no-enhances python3.11 libstdc++6 busybox-static \
    | grep -E '^[a-z0-9]' | sort -u \
    | grep -vE '^(dpkg|install-info|tar|perl.*|libperl.*|libgdbm.*|mailcap|mime-support|readline-common|libacl1|libselinux1|libpcre2-8-0|libmd0|libzstd1)$')
  # shellcheck disable=SC2086
  debs_into "$root" $packages
  (
    cd "$root"
    mkdir -p usr/bin etc tmp home root proc sys dev && chmod 1777 tmp home
    if [ -d bin ] && [ ! -L bin ]; then cp -a bin/. usr/bin/ && rm -rf bin; fi
    ln -sfn usr/bin bin
    ln -sf python3.11 usr/bin/python3 && ln -sf python3.11 usr/bin/python
    for tool in sh ls cat cp mv rm mkdir env; do ln -sf busybox usr/bin/$tool; done
    printf 'root:x:0:0:root:/root:/bin/sh\n' >etc/passwd
    printf 'root:x:0:\n' >etc/group
    rm -rf usr/share/doc usr/share/man usr/share/info usr/share/locale
  )
  tar -C "$root" -c . | docker import -c 'CMD ["python3"]' - "$OWN_BASE" >/dev/null
  rm -rf "$root"
}

pick_base() {
  if [ -n "${BASE_IMAGE:-}" ]; then
    docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 || die "BASE_IMAGE $BASE_IMAGE is missing"
    BASE=$BASE_IMAGE
  elif [ "$OWN" = 0 ] && docker image inspect "$SHARED_BASE" >/dev/null 2>&1; then
    BASE=$SHARED_BASE
  else
    docker image inspect "$OWN_BASE" >/dev/null 2>&1 || { say "building $OWN_BASE"; build_own_base; }
    BASE=$OWN_BASE
  fi
  say "base image: $BASE"
}

# ---------------------------------------------------------------- 3. Python packages
pinned_requirements() {
  # The building environment's versions of everything it has installed, as constraints:
  # the image's pandas/numpy/scikit-learn are the ones the pipeline (and grader) run with.
  "$PYTHON" - <<'EOF'
import importlib.metadata as md
seen = set()
for dist in md.distributions():
    name = (dist.metadata["Name"] or "").lower().replace("_", "-")
    if name and name not in seen and name not in ("mle-pipeline", "pip", "setuptools", "wheel"):
        seen.add(name)
        print(f"{name}=={dist.version}")
EOF
}

install_packages() {  # install_packages NAME REQUIREMENTS: sets SITE to the installed tree
  local name=$1 requirements=$2 constraints key
  mkdir -p "$CACHE"
  constraints="$CACHE/constraints.txt"
  pinned_requirements | sort >"$constraints.new"
  key=$(cat "$requirements" "$constraints.new" "$HERE/build.sh" | sha256sum | cut -c1-16)
  SITE="$CACHE/$name-$key"
  if [ -f "$SITE/.complete" ]; then
    say "Python packages for $name: cached ($SITE)"
    rm -f "$constraints.new"
    return
  fi
  mv "$constraints.new" "$constraints"
  say "Python packages for $name: pip install --target (CPython 3.11 manylinux wheels)"
  rm -rf "$SITE" "$SITE.partial"
  "$PYTHON" -m pip install -q --disable-pip-version-check --no-warn-conflicts \
    --target "$SITE.partial" --only-binary=:all: "${PY_TAG[@]}" \
    -r "$requirements" -c "$constraints" 2> >(grep -v "is ignored: it is neither" >&2)
  (
    cd "$SITE.partial"
    rm -rf bin
    # test suites and C headers: ~150 MB nobody imports at run time
    find . -depth -type d -name tests -path './*/*' \
      -exec rm -rf {} +
    rm -rf pyarrow/include pyarrow/src numpy/_core/include
    # bytecode for another Python than the image's 3.11 would never be used
    find . -name '*.pyc' ! -name '*.cpython-311.pyc' -delete
  )
  if "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    "$PYTHON" -m compileall -q -j0 "$SITE.partial" >/dev/null || true  # mtimes survive COPY
  fi
  touch "$SITE.partial/.complete"
  mv "$SITE.partial" "$SITE"
  # keep only this version of the packages
  find "$CACHE" -maxdepth 1 -name "$name-*" ! -name "$name-$key" -exec rm -rf {} +
}

system_libraries() {  # libstdc++: manylinux wheels (scipy, pyarrow, scikit-learn) expect it
  SYSROOT="$CACHE/sysroot"
  [ -e "$SYSROOT/.complete" ] && return
  rm -rf "$SYSROOT" && mkdir -p "$SYSROOT"
  local tmp
  tmp=$(mktemp -d /tmp/mle-sysroot.XXXXXX)
  if command -v apt-get >/dev/null; then
    debs_into "$tmp" libstdc++6
  else
    mkdir -p "$tmp/usr/lib/x86_64-linux-gnu" \
      && cp -L /usr/lib/x86_64-linux-gnu/libstdc++.so.6 "$tmp/usr/lib/x86_64-linux-gnu/"
  fi
  mkdir -p "$SYSROOT/usr/lib/x86_64-linux-gnu"
  cp -a "$tmp"/usr/lib/x86_64-linux-gnu/libstdc++.so.6* "$SYSROOT/usr/lib/x86_64-linux-gnu/"
  rm -rf "$tmp"
  touch "$SYSROOT/.complete"
}

# ---------------------------------------------------------------- 4. the images
stage_context() {
  CONTEXT="$CACHE/context"
  rm -rf "$CONTEXT" && mkdir -p "$CONTEXT/agent-package/mle_pipeline/agents"
  # hard links: the 500 MB of packages are not copied, and keep their mtimes
  cp -al "$SITE" "$CONTEXT/site-packages"
  rm -f "$CONTEXT/site-packages/.complete"
  cp -a "$SYSROOT" "$CONTEXT/sysroot" && rm -f "$CONTEXT/sysroot/.complete"
  local pkg="$REPO/mle_pipeline" dest="$CONTEXT/agent-package/mle_pipeline"
  cp "$pkg/__init__.py" "$dest/"
  cp "$pkg/agents/__init__.py" "$pkg/agents/validation.py" "$dest/agents/"
  cp -r "$pkg/agents/builtin" "$dest/agents/"
  find "$CONTEXT/agent-package" -name __pycache__ -prune -exec rm -rf {} +
  cp "$HERE/agent/Dockerfile.offline" "$CONTEXT/Dockerfile"
  cp "$HERE/agent/validate_submission.sh" "$CONTEXT/"
}

quiet_build() {  # the legacy builder (no BuildKit here), no network; its output on failure only
  local out
  out=$(DOCKER_BUILDKIT=0 docker build --network none "$@" 2>&1) || { echo "$out" >&2; return 1; }
}

tree_key() {  # tree_key PATH...: one hash of the files' names and contents
  (cd "$1" && find . -type f ! -name .complete -print0 | sort -z | xargs -0 sha256sum) \
    | sha256sum | cut -c1-16
}

up_to_date() {  # up_to_date IMAGE KEY: the image was built from exactly this input
  [ "$(docker image inspect -f '{{index .Config.Labels "mle_pipeline.build_key"}}' "$1" \
        2>/dev/null)" = "$2" ]
}

build_on_base() {  # build_on_base IMAGE KEY CONTEXT: FROM $BASE, unless built from KEY already
  if up_to_date "$1" "$2"; then
    say "$1 is up to date"
    return
  fi
  say "docker build $1 (legacy builder, --network none)"
  quiet_build --build-arg "BASE=$BASE" --label "mle_pipeline.build_key=$2" -t "$1" "$3"
}

build_agent() {
  local key
  key=$( { basename "$SITE"; docker image inspect -f '{{.Id}}' "$BASE"
           cd "$CONTEXT" && find sysroot agent-package Dockerfile validate_submission.sh \
             -type f -print0 | sort -z | xargs -0 sha256sum; } | sha256sum | cut -c1-16)
  build_on_base "$AGENT_IMAGE" "$key" "$CONTEXT"
}

build_validation() {
  local ctx="$CACHE/validation-context"
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp -r "$REPO/mle_pipeline" "$ctx/"
  find "$ctx" -name __pycache__ -prune -exec rm -rf {} +
  cp "$HERE/validation/Dockerfile" "$HERE/validation/entrypoint.sh" "$ctx/"
  local key
  key=$( { docker image inspect -f '{{.Id}}' "$AGENT_IMAGE"; tree_key "$ctx"; } \
    | sha256sum | cut -c1-16)
  if up_to_date "$VALIDATION_IMAGE" "$key"; then
    say "$VALIDATION_IMAGE is up to date"
    return
  fi
  say "docker build $VALIDATION_IMAGE"
  quiet_build --build-arg "AGENT_IMAGE=$AGENT_IMAGE" --label "mle_pipeline.build_key=$key" \
    -t "$VALIDATION_IMAGE" "$ctx"
}

run_requirements() {  # the project's own dependencies (and its postgres extra)
  "$PYTHON" - <<'EOF'
import importlib.metadata as md
from packaging.requirements import Requirement
for line in md.requires("mle-pipeline") or []:
    req = Requirement(line)
    if req.marker is None or req.marker.evaluate({"extra": "postgres"}):
        req.marker = None
        print(req)
EOF
}

build_run_image() {  # mle-pipeline/dagster:latest, the image the Docker run launcher starts
  local ctx="$CACHE/run-context" requirements="$CACHE/run-requirements.txt" key
  run_requirements >"$requirements"
  install_packages run-site "$requirements"
  rm -rf "$ctx" && mkdir -p "$ctx/app"
  cp -al "$SITE" "$ctx/site-packages" && rm -f "$ctx/site-packages/.complete"
  cp -a "$SYSROOT" "$ctx/sysroot" && rm -f "$ctx/sysroot/.complete"
  cp -r "$REPO/mle_pipeline" "$REPO/workspace.yaml" "$ctx/app/"
  find "$ctx/app" -name __pycache__ -prune -exec rm -rf {} +
  cp "$REPO/deploy/Dockerfile.offline" "$ctx/Dockerfile"
  key=$( { basename "$SITE"; docker image inspect -f '{{.Id}}' "$BASE"
           cd "$ctx" && find sysroot app Dockerfile -type f -print0 | sort -z \
             | xargs -0 sha256sum; } | sha256sum | cut -c1-16)
  build_on_base "$RUN_IMAGE" "$key" "$ctx"
  docker run --rm --network none "$RUN_IMAGE" python3 -W ignore -c '
import dagster_docker, dagster_postgres, mle_pipeline.definitions as d
print("run image OK:", len(d.defs.resolve_asset_graph().get_all_asset_keys()), "assets")'
  docker run --rm --network none "$RUN_IMAGE" dagster --version
}

smoke_test() {
  docker run --rm --network none "$AGENT_IMAGE" python -c '
import dagster_pipes, numpy, pandas, pyarrow, scipy, sklearn, yaml
import mle_pipeline.agents.builtin.baseline, mle_pipeline.agents.validation
print("agent image OK: pandas", pandas.__version__, "scikit-learn", sklearn.__version__)'
  docker run --rm --network none --entrypoint python3 "$VALIDATION_IMAGE" \
    -c 'import mle_pipeline.grading.validation_server; print("validation image OK")'
}

OWN=0 RUN=0
for arg in "$@"; do
  case $arg in
    --own) OWN=1 ;;
    --run-image) RUN=1 ;;
    --online) ;;
    *) die "unknown option $arg" ;;
  esac
done
if [ "${1:-}" = "--online" ]; then
  ensure_engine
  say "docker build -f containers/agent/Dockerfile (pulls python:3.11-slim, pip from PyPI)"
  docker build -f "$HERE/agent/Dockerfile" -t "$AGENT_IMAGE" "$REPO"
  exit 0
fi

ensure_engine
pick_base
install_packages site "$HERE/agent/requirements.txt"
system_libraries
stage_context
build_agent
build_validation
smoke_test
if [ "$RUN" = 1 ]; then build_run_image; fi
say "done: $AGENT_IMAGE ($(docker image inspect -f '{{.Size}}' "$AGENT_IMAGE" \
  | awk '{printf "%.0f MB", $1/1e6}')), $VALIDATION_IMAGE"

#!/usr/bin/env bash
# Debian packages the tests need, by test suite; installs only what is missing, with sudo
# when not root.
#   e2e:    Redis and PostgreSQL stand in for ElastiCache and RDS, s3fs mounts the DAG bucket
#           as the hosts do, util-linux gives the namespaces
#   sanity: shellcheck, without which ansible-test skips its shellcheck test with a warning only
#   image:  podman with runc (crun cannot run here: hybrid cgroups), Debian's docker-registry
#           standing in for ECR's registry, busybox-static for the image scenario's stand-in base,
#           mmdebstrap for the emulator's Python base (scripts/local_image_inputs.py), catatonit
#           for initProcessEnabled (podman run --init)
#   bash scripts/debian_packages.sh e2e sanity image
set -euo pipefail

declare -A NEEDED=()
packages=()
for suite in "$@"; do
  case "${suite}" in
    e2e)
      NEEDED+=([redis-server]=redis-server [psql]=postgresql-client [s3fs]=s3fs [curl]=curl [unshare]=util-linux [nsenter]=util-linux)
      # the server binaries are not on PATH
      compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || packages+=(postgresql)
      ;;
    sanity) NEEDED+=([shellcheck]=shellcheck) ;;
    image) NEEDED+=([podman]=podman [runc]=runc [docker-registry]=docker-registry [busybox]=busybox-static [mmdebstrap]=mmdebstrap [catatonit]=catatonit) ;;
    *) echo "unknown test suite '${suite}' (e2e, sanity, image)" >&2; exit 2 ;;
  esac
done
for command in "${!NEEDED[@]}"; do
  command -v "${command}" >/dev/null || packages+=("${NEEDED[${command}]}")
done
[ ${#packages[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
mapfile -t unique < <(printf '%s\n' "${packages[@]}" | sort -u)
echo "Installing ${unique[*]}"
${SUDO} env DEBIAN_FRONTEND=noninteractive apt-get update -qq
${SUDO} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${unique[@]}" >/dev/null

#!/usr/bin/env bash
# Debian packages the end-to-end tests run: Redis and PostgreSQL stand in for ElastiCache
# and RDS, s3fs mounts the DAG bucket as the hosts do, util-linux gives the namespaces.
# Installs only what is missing; uses sudo when not root.
set -euo pipefail

declare -A NEEDED=(
  [redis-server]=redis-server
  [psql]=postgresql-client
  [s3fs]=s3fs
  [curl]=curl
  [unshare]=util-linux
  [nsenter]=util-linux
)
packages=()
for command in "${!NEEDED[@]}"; do
  command -v "${command}" >/dev/null || packages+=("${NEEDED[${command}]}")
done
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || packages+=(postgresql)
[ ${#packages[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
mapfile -t unique < <(printf '%s\n' "${packages[@]}" | sort -u)
echo "Installing ${unique[*]}"
${SUDO} env DEBIAN_FRONTEND=noninteractive apt-get update -qq
${SUDO} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${unique[@]}" >/dev/null

#!/usr/bin/env bash
# Run `ansible-test sanity` on a copy of the collection laid out as
# ansible_collections/airflow_ecs/deploy (ansible-test needs that path).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${ROOT}/.venv"
PIP_VERSION=24.2   # the pip ansible-test 2.19 bootstraps into its venvs
CACHE="${HOME}/.ansible/test/cache"

mkdir -p "${CACHE}"
if ! compgen -G "${CACHE}/pip-${PIP_VERSION}-*.whl" >/dev/null; then
  "${VENV}/bin/pip" download --quiet --no-deps --only-binary=:all: -d "${CACHE}" "pip==${PIP_VERSION}"
fi
cp "${ROOT}/scripts/get_pip_standin.py" "${CACHE}/get_pip_${PIP_VERSION//./_}.py"

WORK="$(mktemp -d)"
trap 'rm -rf "${WORK}"' EXIT
DEST="${WORK}/ansible_collections/airflow_ecs/deploy"
mkdir -p "${DEST}"
# Tracked and new files, without the self-link under collections/.
# shellcheck disable=SC2016  # $1 is expanded by the inner sh, not here
(cd "${ROOT}" && git ls-files -z --cached --others --exclude-standard \
  | grep -zv '^collections/' \
  | xargs -0 -I{} sh -c 'if test -e "$1"; then printf "%s\0" "$1"; fi' _ {} \
  | tar --null -T - -cf -) | tar -xf - -C "${DEST}"

# The collections we depend on, from the pinned ansible package, beside ours.
SITE="$("${VENV}/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
for dependency in amazon/aws community/aws; do
  mkdir -p "${WORK}/ansible_collections/${dependency%/*}"
  ln -s "${SITE}/ansible_collections/${dependency}" "${WORK}/ansible_collections/${dependency}"
done

cd "${DEST}"
PATH="${VENV}/bin:${PATH}" ansible-test sanity --venv --python 3.11 --color no "$@"

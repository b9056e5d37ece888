# Sourced by the setup scripts that need a Debian package:
#   apt_install <label> <package>
# installs it with apt-get, as root or through password-less sudo (CI here runs as root; hosted
# GitHub runners run as a user with sudo), and exits 1 naming the command to run otherwise.
apt_install() {
  local label="$1" package="$2" sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo "$label: $package is missing; run as root (or: sudo apt-get install $package)" >&2
      exit 1
    fi
  fi
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null
}

#!/usr/bin/env bash
# A private certificate authority and the certificates the suite needs to run on TLS end to end,
# generated with openssl into DIR (default $PARTYGROUP_VAR/secrets/tls):
#
#   ca.pem ca.key          the authority (clients trust ca.pem: --peer_ca_file, buf curl --cacert)
#   server.pem server.key  every server's certificate, for 127.0.0.1, localhost and $PARTYGROUP_HOST
#   client.pem client.key  the certificate activity and assessment present to their peers (mTLS)
#
# Safe to run twice: what exists is kept. For a real deployment, use the organisation's own CA.
set -euo pipefail

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-${PARTYGROUP_VAR:-$root_dir/var}/secrets/tls}"
mkdir -p "$dir"
chmod 700 "$dir"
cd "$dir"
umask 077

if [ ! -s ca.pem ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 825 \
    -subj "/CN=partygroup private CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi

# name, subject, extensions
issue() {
  [ -s "$1.pem" ] && return 0
  openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$2" 2>/dev/null
  printf '%s\n' "$3" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$1.pem" \
    -days 825 -extfile "$1.ext" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

names="IP:127.0.0.1,DNS:localhost"
host="${PARTYGROUP_HOST:-}"
if [ -n "$host" ] && [ "$host" != 127.0.0.1 ] && [ "$host" != 0.0.0.0 ]; then
  if [[ "$host" =~ ^[0-9.]+$ ]]; then names="$names,IP:$host"; else names="$names,DNS:$host"; fi
fi
issue server "partygroup server" "subjectAltName=$names
extendedKeyUsage=serverAuth"
issue client "partygroup service" "extendedKeyUsage=clientAuth"
echo "tls: $dir (ca.pem, server.pem, client.pem)"

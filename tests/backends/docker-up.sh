#!/usr/bin/env bash
# docker-up.sh: start a Docker engine for the Docker tests and make the local base image the Dockerfile builds FROM.
# There is no image registry: the base image is a Debian bookworm minbase made with mmdebstrap (debootstrap's faster
# successor: about 1 min instead of 3-6; debootstrap is used when only it is there) and `docker import`.
#   1. installs docker.io and mmdebstrap from Debian's packages when missing (root; apt-get);
#   2. starts dockerd in the background with no container networking (no bridge, no iptables), unless one answers
#      on the socket already (then it is left alone and docker-down.sh will not stop it);
#   3. makes the base image (default local/base:bookworm) unless it exists; the rootfs tarball is cached.
# The base image's apt sources are the machine's own Debian mirror (bookworm, -updates, and -security when the
# machine has it); docs, man pages and locales are left out of it and of every package installed in it later.
# Idempotent. Prints "[docker-up Ns] ..." progress lines; on failure one "docker-up: FAILED: <reason>" line, exit 1.
# Env: DOCKER_CI_DIR (state: pid file, log, rootfs cache; default /tmp/docker-ci), BASE_IMAGE (default
# local/base:bookworm), DOCKER_CI_MIRROR (Debian mirror; default the first URIs/deb line of the machine's apt sources).
set -uo pipefail
DOCKER_CI_DIR=${DOCKER_CI_DIR:-/tmp/docker-ci}
IMAGE=${BASE_IMAGE:-local/base:bookworm}
SUITE=bookworm
PIDF=$DOCKER_CI_DIR/dockerd.pid
t0=$(date +%s.%N)
log() { printf '[docker-up %6.1fs] %s\n' "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{print b-a}')" "$*"; }
die() { echo "docker-up: FAILED: $*"; exit 1; }
mkdir -p "$DOCKER_CI_DIR" || die "cannot create $DOCKER_CI_DIR"

mirror() {
    [[ -n "${DOCKER_CI_MIRROR:-}" ]] && { echo "$DOCKER_CI_MIRROR"; return; }
    local m
    m=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null)
    [[ -z "$m" ]] && m=$(awk '$1 == "deb" {for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) {print $i; exit}}' \
                         /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -1)
    echo "${m:-http://deb.debian.org/debian}"
}

# ---- 1. packages -----------------------------------------------------------------------------------------------
need=()
command -v dockerd >/dev/null || [[ -x /usr/sbin/dockerd ]] || need+=(docker.io)
PATH=$PATH:/usr/sbin:/sbin
command -v mmdebstrap >/dev/null || command -v debootstrap >/dev/null || need+=(mmdebstrap)
if (( ${#need[@]} )); then
    (( EUID == 0 )) || die "${need[*]} missing and not root: install them (apt-get install ${need[*]})"
    log "installing ${need[*]}"
    made_policy=0   # keep the package's postinst from starting its own daemon
    [[ -e /usr/sbin/policy-rc.d ]] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made_policy=1; }
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}"; } > "$DOCKER_CI_DIR/apt.log" 2>&1
    rc=$?
    (( made_policy )) && rm -f /usr/sbin/policy-rc.d
    (( rc == 0 )) || { tail -5 "$DOCKER_CI_DIR/apt.log"; die "apt-get install ${need[*]} failed (log $DOCKER_CI_DIR/apt.log)"; }
fi
log "dockerd $(dockerd --version | awk '{print $3}' | tr -d ,) present"

# ---- 2. daemon -------------------------------------------------------------------------------------------------
if docker info >/dev/null 2>&1; then
    log "a Docker engine already answers on the socket; using it"
else
    if [[ -f "$PIDF" ]] && kill -0 "$(cat "$PIDF")" 2>/dev/null; then
        die "dockerd pid $(cat "$PIDF") runs but does not answer (log $DOCKER_CI_DIR/dockerd.log)"
    fi
    rm -f "$PIDF"
    (( EUID == 0 )) || die "no Docker engine answers and only root can start one here"
    setsid nohup dockerd \
        --pidfile "$PIDF" \
        --host unix:///var/run/docker.sock \
        --bridge=none --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false \
        > "$DOCKER_CI_DIR/dockerd.log" 2>&1 < /dev/null &
    for _ in $(seq 150); do docker info >/dev/null 2>&1 && break; sleep 0.2; done
    docker info >/dev/null 2>&1 || { tail -20 "$DOCKER_CI_DIR/dockerd.log"; die "dockerd did not come up in 30 s (log $DOCKER_CI_DIR/dockerd.log)"; }
    log "dockerd up (pid $(cat "$PIDF")), storage $(docker info -f '{{.Driver}}'), cgroup v$(docker info -f '{{.CgroupVersion}}')"
fi

# ---- 3. base image, built locally ------------------------------------------------------------------------------
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
    log "base image $IMAGE present"
else
    tarball=$DOCKER_CI_DIR/rootfs-$SUITE-minbase.tar
    if [[ ! -s "$tarball" ]]; then
        m=$(mirror)
        sec=$(awk '/^URIs:/ && /security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null)
        sources=("deb $m $SUITE main" "deb $m $SUITE-updates main")
        [[ -n "$sec" ]] && sources+=("deb $sec $SUITE-security main")
        rm -f "$tarball.tmp"
        if command -v mmdebstrap >/dev/null; then
            log "mmdebstrap --variant=minbase $SUITE from $m"
            mmdebstrap --format=tar --variant=minbase --include=procps --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
                --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
                --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
                "$SUITE" "$tarball.tmp" "${sources[@]}" > "$DOCKER_CI_DIR/bootstrap.log" 2>&1 \
                || { tail -20 "$DOCKER_CI_DIR/bootstrap.log"; rm -f "$tarball.tmp"; die "mmdebstrap failed (log $DOCKER_CI_DIR/bootstrap.log)"; }
        else
            rootfs=$DOCKER_CI_DIR/rootfs
            rm -rf "$rootfs"
            log "debootstrap --variant=minbase $SUITE from $m"
            debootstrap --variant=minbase --include=procps "$SUITE" "$rootfs" "$m" > "$DOCKER_CI_DIR/bootstrap.log" 2>&1 \
                || { tail -20 "$DOCKER_CI_DIR/bootstrap.log"; rm -rf "$rootfs"; die "debootstrap failed (log $DOCKER_CI_DIR/bootstrap.log)"; }
            printf '%s\n' "${sources[@]}" > "$rootfs/etc/apt/sources.list"
            rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
            tar -C "$rootfs" -cf "$tarball.tmp" . || die "cannot write $tarball"
            rm -rf "$rootfs"
        fi
        mv "$tarball.tmp" "$tarball" || die "cannot write $tarball"
        log "base rootfs done ($(du -m "$tarball" | cut -f1) MB, cached in $tarball)"
    fi
    docker import -c 'CMD ["/bin/bash"]' "$tarball" "$IMAGE" >/dev/null || die "docker import $tarball failed"
    log "imported $IMAGE"
fi
docker run --rm --network none "$IMAGE" bash -c 'test -x /bin/ps' || die "docker run $IMAGE failed"
log "docker run --network none $IMAGE: OK"

#!/usr/bin/env bash
# docker-down.sh: stop the dockerd that docker-up.sh started (by the PID in its pid file; an engine that was
# already running is not ours and is left alone). Containers are killed by id first. Images stay in
# /var/lib/docker; DOCKER_CI_PURGE=1 also removes the state folder (the cached rootfs tarball).
set -uo pipefail
DOCKER_CI_DIR=${DOCKER_CI_DIR:-/tmp/docker-ci}
PIDF=$DOCKER_CI_DIR/dockerd.pid
if [[ -f "$PIDF" ]] && pid=$(cat "$PIDF") && kill -0 "$pid" 2>/dev/null; then
    ids=$(docker ps -q 2>/dev/null)
    [[ -n "$ids" ]] && docker kill $ids > /dev/null 2>&1
    kill -TERM "$pid"
    for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then echo "docker-down: dockerd $pid ignored TERM, sending KILL"; kill -KILL "$pid"; fi
    echo "docker-down: stopped dockerd pid $pid"
else
    echo "docker-down: no dockerd of docker-up.sh running"
fi
rm -f "$PIDF"
# dockerd leaves its default network namespace bind mount behind
mountpoint -q /run/docker/netns/default 2>/dev/null && umount /run/docker/netns/default
if [[ "${DOCKER_CI_PURGE:-0}" == 1 ]]; then rm -rf "$DOCKER_CI_DIR" && echo "docker-down: removed $DOCKER_CI_DIR"; fi
exit 0

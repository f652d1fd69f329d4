# picket-nf tools in a container: a Java 17 JRE, the fat jars in /opt/picket-nf/lib and the bin/picket-* launchers
# in /opt/picket-nf/bin (on PATH). The launchers find the jars through PICKET_LIB (bin/picket-java).
#
# There is no image registry here: the base is a Debian bookworm image made locally (tests/backends/docker-up.sh:
# mmdebstrap + docker import). The jars are built on the host first (make build); `make image` does both:
#   make image                       # -> picket-nf:<version>
#   docker build --network host --build-arg BASE_IMAGE=local/base:bookworm -t picket-nf:0.1.0 .
# (--network host: the engine runs without a bridge network, and apt inside the build needs the Debian mirror.)
ARG BASE_IMAGE=local/base:bookworm
FROM ${BASE_IMAGE}

# JRE only (no JDK, no Maven); procps for Nextflow's task metrics; fontconfig and one font for headless AWT (PNG
# reports). Same packages, same versions as the base image's apt sources give.
# (mkdir: the JRE's postinst links its man pages, which a base without /usr/share/man would refuse)
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        openjdk-17-jre-headless procps bash fontconfig fonts-dejavu-core \
 && fc-cache -s \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb /var/log/apt /var/log/dpkg.log /var/cache/debconf/*-old

COPY bin/picket-java bin/picket-guard bin/picket-tools bin/picket-features bin/picket-cluster bin/picket-segment bin/picket-localize \
     /opt/picket-nf/bin/
COPY java/tools/target/picket-tools-*-all.jar java/features/target/picket-features-*-all.jar \
     java/cluster/target/picket-cluster-*-all.jar java/segment/target/picket-segment-*-all.jar \
     java/localize/target/picket-localize-*-all.jar \
     /opt/picket-nf/lib/

ENV PATH=/opt/picket-nf/bin:$PATH \
    PICKET_LIB=/opt/picket-nf/lib \
    LANG=C.UTF-8 \
    XDG_CACHE_HOME=/tmp/.cache

# every launcher answers, and finds its jar, as any user (Nextflow's docker profile runs tasks as the caller)
RUN chmod 0755 /opt/picket-nf/bin/* && chmod 0644 /opt/picket-nf/lib/*.jar \
 && for t in tools features cluster segment localize; do picket-$t --version || exit 1; done

CMD ["/bin/bash"]

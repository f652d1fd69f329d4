package org.picketnf.containerit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The picket-nf image (the project's Dockerfile) started with Testcontainers: every launcher answers --version with
 * the reactor's version, and one real step (simulate, then mrcinfo) gives inside the container the same bytes as
 * the same fat jar on the host. No registry and no bridge network here: the image must exist locally (never pulled)
 * and the container runs with --network none.
 */
@ExtendWith(BackendsEnabled.class)
@Testcontainers
class ContainerImageTest {
    static final String IMAGE = System.getProperty("picket.image",
            "picket-nf:" + System.getProperty("picket.version"));

    /** Fails with the reason when the engine or the image is missing (never pulls: there is no registry). */
    static final class PicketContainer extends GenericContainer<PicketContainer> {
        PicketContainer() {
            super(DockerImageName.parse(IMAGE));
            withImagePullPolicy(name -> false);
            withNetworkMode("none");
            withCommand("sleep", "infinity");
        }

        @Override
        public void start() {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                throw new IllegalStateException("no Docker engine answers at DOCKER_HOST="
                        + System.getenv("DOCKER_HOST") + " (start one with: bash tests/backends/docker-up.sh)");
            }
            try {
                DockerClientFactory.instance().client().inspectImageCmd(IMAGE).exec();
            } catch (RuntimeException e) {
                throw new IllegalStateException("image " + IMAGE + " is not in the local Docker engine and cannot be"
                        + " pulled (there is no image registry): build it with 'make image' (" + e.getMessage() + ")");
            }
            super.start();
        }
    }

    @Container
    static final PicketContainer CONTAINER = new PicketContainer();

    private static Path repoRoot() {
        return Path.of(System.getProperty("picket.repo.root", "../..")).toAbsolutePath().normalize();
    }

    private static ExecResult exec(String... cmd) throws IOException, InterruptedException {
        ExecResult r = CONTAINER.execInContainer(cmd);
        assertEquals(0, r.getExitCode(), () -> String.join(" ", cmd) + " in " + IMAGE + ": exit " + r.getExitCode()
                + "\nstdout: " + r.getStdout() + "\nstderr: " + r.getStderr());
        return r;
    }

    /** Runs a launcher of this checkout on the host (same fat jars as were copied into the image). */
    private static String host(Path dir, String... cmd) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of(cmd));
        c.set(0, repoRoot().resolve("bin").resolve(cmd[0]).toString());
        Process p = new ProcessBuilder(c).directory(dir.toFile()).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "host " + c + " timed out");
        assertEquals(0, p.exitValue(), "host " + c + ": exit " + p.exitValue());
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tools", "features", "cluster", "segment", "localize"})
    void everyLauncherIsOnPathAndPrintsTheReactorVersion(String tool) throws Exception {
        ExecResult r = exec("picket-" + tool, "--version");
        assertEquals("picket-" + tool + " " + System.getProperty("picket.version"), r.getStdout().strip(),
                "stderr: " + r.getStderr());
        // found on PATH in the image's own bin/, not somewhere else
        assertEquals("/opt/picket-nf/bin/picket-" + tool, exec("bash", "-c", "command -v picket-" + tool)
                .getStdout().strip());
    }

    @Test
    void theContainerHasNoNetworkAndTheToolsNeededByNextflow() throws Exception {
        // only the loopback interface: --network none
        String ifaces = exec("bash", "-c", "ls /sys/class/net").getStdout().strip();
        assertEquals("lo", ifaces);
        exec("ps", "-o", "pid,rss,etime", "-p", "1");   // Nextflow's task metrics read ps
    }

    @Test
    void simulateAndMrcinfoInsideGiveTheHostsBytes(@TempDir Path dir) throws Exception {
        String sim = "simulate --size 32,32,32 --seed 1 --out /tmp/sim.mrc --truth /tmp/sim.csv --threads 1";
        exec("bash", "-c", "cd /tmp && picket-tools " + sim);
        String info = exec("picket-tools", "mrcinfo", "/tmp/sim.mrc").getStdout();
        // the header of a 32^3 float32 volume, as written by the tools
        assertTrue(info.contains("\"nx\" : 32,") && info.contains("\"ny\" : 32,") && info.contains("\"nz\" : 32,"),
                info);
        assertTrue(info.contains("\"mode_name\" : \"float32\""), info);
        Path inMrc = dir.resolve("container.mrc");
        Path inCsv = dir.resolve("container.csv");
        CONTAINER.copyFileFromContainer("/tmp/sim.mrc", inMrc.toString());
        CONTAINER.copyFileFromContainer("/tmp/sim.csv", inCsv.toString());
        assertEquals(1024 + 4L * 32 * 32 * 32, Files.size(inMrc), "MRC size: 1024-byte header + 32^3 float32");

        // the same step with the same jar on the host: the same bytes (the tools are deterministic)
        host(dir, "picket-tools", "simulate", "--size", "32,32,32", "--seed", "1", "--out", "host.mrc",
                "--truth", "host.csv", "--threads", "1");
        assertArrayEquals(Files.readAllBytes(dir.resolve("host.mrc")), Files.readAllBytes(inMrc),
                "the container's tomogram differs from the host's");
        assertEquals(Files.readString(dir.resolve("host.csv")), Files.readString(inCsv));
        String hostInfo = host(dir, "picket-tools", "mrcinfo", dir.resolve("host.mrc").toString());
        assertEquals(hostInfo.replaceFirst("\"file\" : \"[^\"]*\"", "F"), info.replaceFirst("\"file\" : \"[^\"]*\"", "F"));
    }
}

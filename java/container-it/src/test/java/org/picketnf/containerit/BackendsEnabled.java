package org.picketnf.containerit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the container test only where a Docker engine and the image are meant to be there: with CI=true or
 * PICKET_TEST_BACKENDS=1 (the project's rule for tests that need system services) and -Dpicket.container.it=true,
 * which tests/docker_test.sh gives after it has started the engine and built the image. Otherwise the test is
 * reported as skipped with the reason. Once enabled, a missing engine or image is a failure, not a skip.
 */
final class BackendsEnabled implements ExecutionCondition {
    static boolean backendsWanted() {
        return "true".equals(System.getenv("CI")) || "1".equals(System.getenv("PICKET_TEST_BACKENDS"));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!backendsWanted()) {
            return ConditionEvaluationResult.disabled("container test not run: it needs a Docker engine and the"
                    + " picket-nf image, so it runs only with CI=true or PICKET_TEST_BACKENDS=1"
                    + " (PICKET_TEST_BACKENDS=1 bash tests/docker_test.sh starts the engine, builds the image, runs it)");
        }
        if (!Boolean.getBoolean("picket.container.it")) {
            return ConditionEvaluationResult.disabled("container test not run in this Maven pass: the image is not"
                    + " built yet; tests/docker_test.sh builds it and then runs this test"
                    + " (mvn -pl container-it verify -Dpicket.container.it=true)");
        }
        return ConditionEvaluationResult.enabled("CI=true or PICKET_TEST_BACKENDS=1, and -Dpicket.container.it=true");
    }
}

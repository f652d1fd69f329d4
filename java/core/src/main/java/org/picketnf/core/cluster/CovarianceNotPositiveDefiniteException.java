package org.picketnf.core.cluster;

import org.picketnf.core.BadInputException;

/**
 * A Gaussian mixture component's covariance (plus {@code regCovar} on the diagonal) is not positive definite, so
 * its Cholesky factor does not exist. As in scikit-learn, this means the data gave an ill-defined empirical
 * covariance (a component collapsed on few or identical samples, or features with a huge dynamic range).
 */
public final class CovarianceNotPositiveDefiniteException extends BadInputException {
    private static final long serialVersionUID = 1L;

    private final int component;

    CovarianceNotPositiveDefiniteException(int component, int pivot, double value) {
        super("Gaussian mixture fit failed: the covariance of component " + component
                + " is not positive definite (Cholesky pivot " + pivot + " = " + value + "). Some component has an "
                + "ill-defined empirical covariance (for instance collapsed or singleton samples). Try fewer "
                + "components, a larger regCovar (scikit-learn's reg_covar), or scaling the input features.");
        this.component = component;
    }

    /** Index of the component whose covariance failed. */
    public int component() {
        return component;
    }
}

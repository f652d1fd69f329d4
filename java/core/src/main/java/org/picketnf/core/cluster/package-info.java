/**
 * Unsupervised clustering of feature vectors, as PickET's S1 step uses it: {@link
 * org.picketnf.core.cluster.KMeans} (scikit-learn {@code KMeans}, k-means++ and Lloyd) and {@link
 * org.picketnf.core.cluster.Gmm} (scikit-learn {@code GaussianMixture(covariance_type='full')}, EM initialised from
 * k-means labels), with immutable models {@link org.picketnf.core.cluster.KMeansModel} and
 * {@link org.picketnf.core.cluster.GmmModel} that predict labels.
 *
 * <p>Pure numerics, no I/O. Data are one {@code float[]} of n x d values, row-major (row i at {@code i * d}), so a
 * 884,736 x 125 feature matrix takes 442 MB; all arithmetic is in double. Work is split into blocks of 256 rows and
 * at most 64 chunks that depend only on n, and partial sums are reduced in chunk order: every fit is bit-identical
 * for any number of threads.
 */
package org.picketnf.core.cluster;

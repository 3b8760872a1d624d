package org.collab4j.train;

/**
 * One trainable tensor, flattened: its values and a gradient buffer of the same length.
 * {@code rowLength} says how values group into rows (an embedding row, a bias entry, a weight
 * matrix row) for optimizers and weight decay that work row by row.
 */
public final class Param {
    public final String name;
    public final float[] value;
    public final float[] grad;
    public final int rowLength;
    /** Whether weight decay applies (fastai leaves batch-norm and linear-layer biases alone). */
    public final boolean decay;
    /**
     * Adam's {@code eps} for this tensor, or NaN to use the optimizer's own. Lets a model give
     * tensors whose gradients live on different scales (embedding rows vs biases) a damping
     * suited to each; see {@link org.collab4j.algo.dotbias.DotProductBias.Options}.
     */
    public double eps = Double.NaN;

    public Param(String name, float[] value, int rowLength, boolean decay) {
        if (rowLength <= 0 || value.length % rowLength != 0)
            throw new IllegalArgumentException(name + ": length " + value.length + " is not a multiple of row length " + rowLength);
        this.name = name;
        this.value = value;
        this.grad = new float[value.length];
        this.rowLength = rowLength;
        this.decay = decay;
    }

    public Param(String name, float[] value, int rowLength) {
        this(name, value, rowLength, true);
    }

    private int[] touched;
    private int numTouched;
    private int[] stamp; // row -> step stamp when last added to touched
    private int currentStamp = 1;

    /**
     * Keeps a list of the rows whose gradient is non-zero in the current step, so that sparse
     * optimizers can visit only those. Trainables call {@link #touch(int)} for every row they
     * write a gradient to.
     */
    public void trackRows() {
        int rows = value.length / rowLength;
        touched = new int[Math.min(rows, 1024)];
        stamp = new int[rows];
    }

    public boolean tracksRows() {
        return stamp != null;
    }

    /** Records that row {@code row} has a gradient in this step (no-op unless tracking). */
    public void touch(int row) {
        if (stamp == null || stamp[row] == currentStamp) return;
        stamp[row] = currentStamp;
        if (numTouched == touched.length) touched = java.util.Arrays.copyOf(touched, numTouched * 2);
        touched[numTouched++] = row;
    }

    /** Rows touched in this step: {@code touchedRows()[0..numTouched())}. */
    public int[] touchedRows() {
        return touched;
    }

    public int numTouched() {
        return numTouched;
    }

    /** Forgets the touched rows (their gradients must already be zero). */
    public void clearTouched() {
        numTouched = 0;
        if (++currentStamp == Integer.MAX_VALUE) {
            java.util.Arrays.fill(stamp, 0);
            currentStamp = 1;
        }
    }

    public int rows() {
        return value.length / rowLength;
    }

    public int size() {
        return value.length;
    }

    public void zeroGrad() {
        java.util.Arrays.fill(grad, 0f);
    }
}

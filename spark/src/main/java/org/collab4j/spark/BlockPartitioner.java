package org.collab4j.spark;

import org.apache.spark.Partitioner;

/** Puts key {@code b} (a block index) in partition {@code b}: block b of the grid lives in partition b. */
final class BlockPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int d;

    BlockPartitioner(int d) {
        this.d = d;
    }

    @Override
    public int numPartitions() {
        return d;
    }

    @Override
    public int getPartition(Object key) {
        return (Integer) key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockPartitioner p && p.d == d;
    }

    @Override
    public int hashCode() {
        return d;
    }
}

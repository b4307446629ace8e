/** JMH benchmarks for Gradus: GEMM against native BLAS and element-wise operations. */
package dev.gradus.bench;

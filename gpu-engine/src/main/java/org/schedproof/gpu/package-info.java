/** The optimized engine: indexed host scheduling structures and the exact-integer model as CUDA kernels through JCuda. */
package org.schedproof.gpu;

/** Independent trace checkers, one class per invariant id of spec/INVARIANTS.md (depends on spec only, enforced by the build). */
package org.schedproof.invariants;

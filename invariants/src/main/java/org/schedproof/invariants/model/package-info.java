/**
 * The exact-integer model of spec/MODEL.md, written again from that page for the token oracle (SAFE-TOKENS): it
 * shares no code with the engines it judges (reference-engine's and gpu-engine's models), so a token they agree on
 * with it is right by two independent derivations.
 */
package org.schedproof.invariants.model;

# synth rules (to come).

# eval rules (to come).

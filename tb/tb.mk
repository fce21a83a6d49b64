# tb rules (to come).

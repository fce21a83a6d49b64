# rtl rules (to come).

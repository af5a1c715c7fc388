"""零工驿站 and 15-minute employment service stations."""

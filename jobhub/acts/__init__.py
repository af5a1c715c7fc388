"""The bureau's acts: 失业登记 (unemployment registration) and 就业困难人员认定, applied for
online or at the counter, decided by staff, reviewed, and ended; every change logged."""

"""Lists other departments send (education, civil affairs, disabled persons' federation,
veterans' affairs, stations): bulk intake and the 比对 of each list against the platform."""

"""State changes of the certification programme (sessions, applications, scores, results, certificates)."""

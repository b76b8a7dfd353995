"""Small wins: checking a win before it is posted, personal history and the weekly digest (no Discord)."""

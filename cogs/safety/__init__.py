"""Safety: crisis-language detection, the private response to the writer, and the next-day check-in button.

Other features reach it through api.py. It has no commands of its own, so it is not an extension.
"""

"""The Discord-facing toolkit every feature uses: buttons, replies, delivery, the one error path, permissions."""

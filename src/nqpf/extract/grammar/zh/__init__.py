"""Chinese grammars."""

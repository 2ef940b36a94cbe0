"""The local server behind ``make serve``: the built site plus the form backend on one origin."""

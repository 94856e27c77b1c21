"""calmdesk: reply assistant for after-sales agents of Chinese e-commerce shops."""

__version__ = "0.1.0"

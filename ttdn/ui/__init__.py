"""Streamlit helpers shared by the pages (the pages themselves stay thin)."""

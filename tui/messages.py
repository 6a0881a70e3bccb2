"""Messages that flow between the app's widgets and screens."""

from __future__ import annotations

from textual.message import Message

from briefs.index.article import Article


class ArticleHighlighted(Message):
    """The cursor of the article list moved onto an article."""

    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article_id = article_id


class ArticleOpened(Message):
    """The user pressed enter on an article."""

    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article_id = article_id


class ArticleLoaded(Message):
    """An article's full record arrived from the store."""

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article

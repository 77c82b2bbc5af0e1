"""The chat app: a question box, a transcript of answers with their passages, and the source viewer."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from qa.errors import QAError
from qa.text.display import displayable
from qa.types import Answer, Passage, Result
from tui.messages import Answered, EngineReady, IndexProgress, IndexStatus
from tui.source_screen import SourceScreen
from tui.transcript import answer_with_citation, to_markdown
from tui.widgets.exchange import Exchange
from tui.widgets.passage_card import PassageCard
from tui.widgets.question_input import QuestionInput
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from qa.ask import Engine, Turn

AskFunction = Callable[[str, "Engine", Sequence["Turn"]], Result]  # question, engine, the conversation before it
CARDS = Binding.Group("Cards", compact=True)
WELCOME = "Ask a question about your articles: who, what, where, when, how much, how many times …"
SEEDS_EXAMPLE = "How many times has Kim visited China?"  # a question the default articles (seeds/) answer
CHAT_ACTIONS = frozenset({"open_source", "copy_answer", "rebuild_index", "clear_transcript", "save_transcript",
                          "new_topic",
                          "next_card", "previous_card"})
NEED_RESULTS = frozenset({"open_source", "copy_answer", "clear_transcript", "save_transcript", "next_card",
                          "previous_card", "new_topic"})


class ChatApp(App[None]):
    """Answers questions from one index; the engine is loaded in a worker unless it is passed in."""

    CSS_PATH = "app.tcss"
    TITLE = "qa chat"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+down", "next_card", "Next passage card", id="next_card", group=CARDS),
        Binding("ctrl+up", "previous_card", "Previous passage card", id="previous_card", group=CARDS),
        Binding("ctrl+o", "open_source", "Open", id="open_source",
                tooltip="Open the article of the selected card, or of the last answer"),
        Binding("ctrl+y", "copy_answer", "Copy", id="copy_answer",
                tooltip="Copy the answer with its citation (file:line)"),
        Binding("ctrl+s", "save_transcript", "Save", id="save_transcript",
                tooltip="Save the transcript as Markdown with citations"),
        Binding("ctrl+n", "new_topic", "New topic", id="new_topic",
                tooltip="New topic: read the next question on its own, not as a follow-up"),
        Binding("ctrl+l", "clear_transcript", "Clear", id="clear_transcript", tooltip="Clear the transcript"),
        Binding("ctrl+r", "rebuild_index", "Rebuild", id="rebuild_index",
                tooltip="Re-embed every article and reload the index"),
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Quit qa chat"),
    ]

    def __init__(self, index_dir: Path, *, engine: Engine | None = None, ask: AskFunction | None = None,
                 save_dir: Path, default_corpus: bool = True) -> None:
        super().__init__()
        self.index_dir = index_dir
        self.default_corpus = default_corpus
        self.engine = engine
        self.save_dir = save_dir
        self._ask = ask
        self._ask_lock = threading.Lock()
        self._count = 0
        self._waiting: list[Exchange] = []
        self._asking: dict[Worker[None], int] = {}  # the exchange each answer worker answers
        self._turns: list[Turn] = []  # the conversation so far on the current topic (follow-ups are read with it)
        self.last_saved: Path | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusLine(id="status")
        with VerticalScroll(id="transcript", can_focus=False):
            yield Static(Content(WELCOME), id="welcome")
        yield QuestionInput(placeholder="Ask a question and press Enter", id="question")
        yield Footer(compact=True, show_command_palette=False)

    def welcome(self) -> str:
        """The welcome line, with an example question only where the index holds the default articles."""
        from qa.engine import holds_default_corpus

        if self.engine is None or not holds_default_corpus(self.engine):
            return WELCOME
        return f"{WELCOME} For example: {SEEDS_EXAMPLE}"

    def on_mount(self) -> None:
        self.query_one(QuestionInput).focus()
        if self.engine is not None:
            self.post_message(EngineReady(self.engine, _summary(self.engine)))
        else:
            self.load_engine()

    # The index: loading, building, rebuilding (one thread worker at a time)

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def load_engine(self, rebuild: bool = False) -> None:
        """Open the engine (building, updating or rebuilding the index first); cancelling the worker stops
        indexing between batches and leaves the previous index in place."""
        from qa.engine import Callbacks, open_engine

        worker = get_current_worker()

        def announce(text: str) -> None:
            self.post_message(IndexStatus(text))

        def progress(done: int, total: int) -> None:
            self.post_message(IndexProgress(done, total))

        if not rebuild:
            announce(f"Loading the index in {self.index_dir} …")
        callbacks = Callbacks(announce, progress, loading=announce, cancelled=lambda: worker.is_cancelled)
        opened = open_engine(self.index_dir, callbacks, rebuild=rebuild, default_corpus=self.default_corpus)
        if worker.is_cancelled:
            return
        summary = _summary(opened.engine)
        if opened.report is not None:
            summary += f" · indexed: {opened.report.summary()}"
        self.post_message(EngineReady(opened.engine, summary))

    def on_index_status(self, message: IndexStatus) -> None:
        self.query_one(StatusLine).show(message.text, busy=True)

    def on_index_progress(self, message: IndexProgress) -> None:
        self.query_one(StatusLine).progress(message.done, message.total)

    def on_engine_ready(self, message: EngineReady) -> None:
        self.engine = message.engine
        for welcome in self.query("#welcome").results(Static):
            welcome.update(Content(self.welcome()))
        self.query_one(StatusLine).show(message.summary)
        self.query_one(QuestionInput).placeholder = "Ask a question and press Enter"
        waiting, self._waiting = self._waiting, []
        for exchange in waiting:
            self._start_answer(exchange)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place where failures of background work reach the user."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        text = error.message if isinstance(error, QAError) else f"{type(error).__name__}: {error}"
        if event.worker.group == "index":
            self.query_one(StatusLine).show(f"The index could not be loaded: {text}", error=True)
        elif event.worker.group == "ask":
            exchange = self._exchange(self._asking.pop(event.worker, -1))
            if exchange is not None:
                exchange.set_pending("")
                exchange.show_error(text)
        self.notify(text, title="Error", severity="error", markup=False)

    # Questions

    @on(Input.Submitted, "#question")
    async def submitted(self, event: Input.Submitted) -> None:
        question = event.value.strip()
        if not question:
            return
        box = self.query_one(QuestionInput)
        box.remember(question)
        box.value = ""
        self._count += 1
        exchange = Exchange(self._count, question)
        transcript = self.query_one("#transcript", VerticalScroll)
        self.query("#welcome").remove()
        await transcript.mount(exchange)
        self.refresh_bindings()
        self._scroll_to(exchange)
        if self.engine is None:
            self._waiting.append(exchange)
            exchange.set_pending("Waiting for the index to load …")
        else:
            self._start_answer(exchange)

    def _start_answer(self, exchange: Exchange) -> None:
        worker = self.run_worker(partial(self._answer, exchange.number, exchange.question),
                                 name=f"ask-{exchange.number}", group="ask", thread=True, exit_on_error=False)
        self._asking[worker] = exchange.number

    def _answer(self, number: int, question: str) -> None:
        from qa.ask.pipeline import as_turn

        if self._ask is None:
            from qa.ask import ask

            self._ask = lambda text, engine, turns: ask(text, engine, history=turns)
        with self._ask_lock:
            engine = self.engine
            assert engine is not None
            if not engine.is_current():  # `qa index` changed the index since it was loaded
                engine = self.engine = engine.reloaded()
                self.post_message(EngineReady(engine, _summary(engine) + " · reloaded: the index changed on disk"))
            result = self._ask(question, engine, tuple(self._turns))
            self._turns.append(as_turn(question, result))
        self.post_message(Answered(number, result))

    async def on_answered(self, message: Answered) -> None:
        exchange = self._exchange(message.exchange)
        if exchange is None:
            return
        await exchange.show_result(message.result, f"{message.result.seconds:.2f} s")
        self.refresh_bindings()
        self._scroll_to(exchange)

    def _scroll_to(self, exchange: Exchange) -> None:
        """Put the question at the top of the transcript once the layout includes it."""
        transcript = self.query_one("#transcript", VerticalScroll)
        self.call_after_refresh(lambda: transcript.scroll_to_widget(exchange, top=True, animate=False,
                                                                    immediate=True))

    def _exchange(self, number: int) -> Exchange | None:
        found = self.query(f"#exchange-{number}")
        return found.first(Exchange) if found else None

    def results(self) -> list[Result]:
        """The answers as shown (displayable), for saving and copying."""
        return [e.result for e in self.query(Exchange) if e.result is not None]

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification is made displayable: it may name a file or quote an article."""
        super().notify(displayable(message), title=displayable(title), severity=severity, timeout=timeout,
                       markup=markup)

    # Cards and the source viewer

    def _cards(self) -> list[PassageCard]:
        return list(self.query(PassageCard))

    def action_next_card(self) -> None:
        self._step_card(+1)

    def action_previous_card(self) -> None:
        self._step_card(-1)

    def _step_card(self, step: int) -> None:
        cards = self._cards()
        if not cards:
            self.notify("No passages yet: ask a question first.", markup=False)
            return
        focused = self.focused
        if isinstance(focused, PassageCard) and focused in cards:
            index = min(max(cards.index(focused) + step, 0), len(cards) - 1)
        else:
            latest = [c for c in cards if c.exchange == cards[-1].exchange]
            index = cards.index(latest[0] if step > 0 else latest[-1])
        cards[index].focus()

    def action_focus_question(self) -> None:
        self.query_one(QuestionInput).focus()

    def on_passage_card_chosen(self, message: PassageCard.Chosen) -> None:
        self.open_source(message.passage)

    def action_open_source(self) -> None:
        focused = self.focused
        if isinstance(focused, PassageCard):
            focused.action_open()
            return
        results = [e.raw for e in self.query(Exchange) if e.raw is not None]
        if not results:
            self.notify("Nothing to open yet: ask a question first.", markup=False)
            return
        last = results[-1]
        if last.answer is not None:
            self.open_source(last.answer)
        elif last.passages:
            self.open_source(last.passages[0])

    def open_source(self, cited: Passage | Answer) -> None:
        """Show the article a passage or an answer is quoted from, read as it was indexed (its encoding, no newline
        translation), with the quoted span selected."""
        source, start, end = cited.source, cited.start, cited.end
        try:
            with open(source, encoding=cited.encoding, newline="") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError, LookupError) as exc:
            self.notify(f"Cannot open {source}: {exc}", title="Error", severity="error", markup=False)
            return
        if text[start:end] != cited.text:
            self.notify("The article changed since it was indexed; the highlight may be off. Rebuild with ctrl+r.",
                        severity="warning", markup=False)
        self.push_screen(SourceScreen(source, text, start, end, cited.line))

    # Transcript actions

    def action_copy_answer(self) -> None:
        focused = self.focused
        exchanges = [e for e in self.query(Exchange) if e.result is not None]
        if isinstance(focused, PassageCard):
            exchanges = [e for e in exchanges if e.number == focused.exchange]
        text = answer_with_citation(exchanges[-1].result) if exchanges and exchanges[-1].result else None
        if text is None:
            self.notify("There is no answer to copy.", severity="warning", markup=False)
            return
        self.copy_to_clipboard(text)
        self.notify(f"Copied: {text}", markup=False)

    def action_new_topic(self) -> None:
        with self._ask_lock:
            self._turns.clear()
        self.notify("New topic: the next question is read on its own.", markup=False)
        self.query_one(QuestionInput).focus()

    def action_clear_transcript(self) -> None:
        with self._ask_lock:
            self._turns.clear()
        transcript = self.query_one("#transcript", VerticalScroll)
        transcript.remove_children()
        transcript.mount(Static(Content(self.welcome()), id="welcome"))
        self._waiting.clear()
        self.query_one(QuestionInput).focus()
        self.refresh_bindings()

    def action_save_transcript(self) -> None:
        results = self.results()
        if not results:
            self.notify("Nothing to save yet: ask a question first.", severity="warning", markup=False)
            return
        now = datetime.now()
        path = self.save_dir / f"qa-chat-{now:%Y%m%d-%H%M%S}.md"
        try:
            path.write_text(to_markdown(results, now), encoding="utf-8")
        except OSError as exc:
            self.notify(f"Cannot save {path}: {exc}", title="Error", severity="error", markup=False)
            return
        self.last_saved = path
        self.notify(f"Saved the transcript to {path}", markup=False)

    def action_rebuild_index(self) -> None:
        if any(w.group == "index" and w.is_running for w in self.workers):
            self.notify("The index is already being loaded or built.", markup=False)
            return
        self.load_engine(rebuild=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CHAT_ACTIONS and isinstance(self.screen, SourceScreen):
            return False
        if action in NEED_RESULTS and not self.query(Exchange):
            return None
        return True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, SourceScreen):
            return
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.action in CHAT_ACTIONS:
                yield SystemCommand(binding.tooltip or binding.description, f"Key: {self.get_key_display(binding)}",
                                    partial(self.run_action, binding.action))


def _summary(engine: Engine) -> str:
    summary = f"Ready · {engine.articles} articles · {len(engine.stored.chunks)} passages"
    if engine.is_fallback:
        summary += " · the current index is damaged: answering from the previous one (Ctrl+R repairs it)"
    return summary

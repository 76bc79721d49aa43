"""Questionnaires as versioned YAML files: their definition, checker, conditions and storage."""

from models.questionnaire.check import check_file, check_text
from models.questionnaire.conditions import evaluate, visible_pages, visible_questions
from models.questionnaire.definition import (
    CHOICE_TYPES,
    MISSING_KINDS,
    QUESTION_TYPES,
    Option,
    Page,
    Question,
    Questionnaire,
    Row,
    Scale,
    Text,
)
from models.questionnaire.parse import parse_questionnaire
from models.questionnaire.problems import Problem, QuestionnaireError
from models.questionnaire.store import (
    find_version,
    get_questionnaire,
    latest_version,
    load_version,
)

__all__ = [
    "CHOICE_TYPES",
    "MISSING_KINDS",
    "QUESTION_TYPES",
    "Option",
    "Page",
    "Problem",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "Row",
    "Scale",
    "Text",
    "check_file",
    "check_text",
    "evaluate",
    "find_version",
    "get_questionnaire",
    "latest_version",
    "load_version",
    "parse_questionnaire",
    "visible_pages",
    "visible_questions",
]

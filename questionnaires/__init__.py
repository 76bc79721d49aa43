"""The questionnaire language: versioned YAML files, their definition, checker and conditions.

This package imports no database, web or orchestration code; ``peiling.models`` stores versions.
"""

from peiling.questionnaires.check import check_text
from peiling.questionnaires.conditions import evaluate, visible_pages, visible_questions
from peiling.questionnaires.definition import (
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
from peiling.questionnaires.file_check import check_file
from peiling.questionnaires.parse import parse_questionnaire
from peiling.questionnaires.problems import Problem, QuestionnaireError

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
    "parse_questionnaire",
    "visible_pages",
    "visible_questions",
]

"""Two small versions of a survey with facts carried forward; version 2 recodes an option."""

VERSION_1 = """
survey: feiten
version: "1"
title: {nl: Feiten, en: Facts}
languages: [nl, en]
pages:
  - key: beleid
    title: {nl: Beleid, en: Policy}
    questions:
      - key: plan
        type: single_choice
        text: {nl: "Is er een beleidsplan?", en: "Is there a policy plan?"}
        options:
          - {code: 1, label: {nl: Ja, en: "Yes"}}
          - {code: 2, label: {nl: Nee, en: "No"}}
          - {code: 3, label: {nl: In voorbereiding, en: Being prepared}}
      - key: jaar
        type: number
        integer: true
        min: 2000
        max: 2030
        text: {nl: "In welk jaar vastgesteld?", en: "Adopted in which year?"}
      - key: mening
        type: likert
        text: {nl: "Werkt het plan?", en: "Does the plan work?"}
        options:
          - {code: 1, label: {nl: Nee, en: "No"}}
          - {code: 2, label: {nl: Ja, en: "Yes"}}
"""

VERSION_2 = """
survey: feiten
version: "2"
previous_version: "1"
title: {nl: Feiten, en: Facts}
languages: [nl, en]
pages:
  - key: beleid
    title: {nl: Beleid, en: Policy}
    questions:
      - key: plan
        type: single_choice
        carried_forward: true
        change:
          status: recoded
          code_map: {1: 1, 2: 2, 3: 4}
          note: In voorbereiding heeft nu code 4; code 3 is concept.
        text: {nl: "Is er een beleidsplan?", en: "Is there a policy plan?"}
        options:
          - {code: 1, label: {nl: Ja, en: "Yes"}}
          - {code: 2, label: {nl: Nee, en: "No"}}
          - {code: 3, label: {nl: Concept, en: Draft}}
          - {code: 4, label: {nl: In voorbereiding, en: Being prepared}}
      - key: jaar
        type: number
        carried_forward: true
        integer: true
        min: 2000
        max: 2030
        text: {nl: "In welk jaar vastgesteld?", en: "Adopted in which year?"}
      - key: mening
        type: likert
        text: {nl: "Werkt het plan?", en: "Does the plan work?"}
        options:
          - {code: 1, label: {nl: Nee, en: "No"}}
          - {code: 2, label: {nl: Ja, en: "Yes"}}
"""

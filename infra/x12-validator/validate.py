"""Validates X12 files with independent implementations from PyPI and prints one JSON line per file.

270/271 (005010X279A1): linuxforhealth-x12's pydantic models (loops, segment rules, SE count, dates).
837P (005010X222A1) and 835 (005010X221A1): both, pyx12's maps and linuxforhealth-x12's models.
999 (005010X231A1), 277CA (005010X214) and anything else pyx12 has a map for: pyx12's x12n_document
(the engine of x12valid). pyx12 4.0.0 ships no 005010X279A1 map, which is why 270/271 go to
linuxforhealth-x12 alone; linuxforhealth-x12 0.57.0 models the 277 of 005010X212 only, not the 277CA.

Usage: validate.py FILE... ; exit status 0 when every file is valid, 1 otherwise.
"""
import io
import json
import logging
import re
import sys


def transaction_sets(text):
    element = text.lstrip()[3]
    return [m.group(1) for m in re.finditer(r'(?:^|[~\n])\s*ST' + re.escape(element) + r'(\d{3})', text)]


# 005010X279A1 AAA03 codes the 271 may carry for the subscriber (2100C) and dependent (2100D).
SUBSCRIBER_REJECT_REASONS = ['15', '35', '42', '43', '45', '47', '48', '49', '51', '52', '56', '57', '58', '60', '61', '62', '63', '71', '72', '73', '74', '75', '76', '78']
DEPENDENT_REJECT_REASONS = ['15', '35', '42', '43', '45', '47', '48', '49', '51', '52', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '67', '68', '71', '77']


def patch_linuxforhealth():
    """linuxforhealth-x12 0.57.0 types the 2100C/2100D AAA with the provider's (2100B) reason codes, so a
    valid 271 saying 'subscriber not found' (75) or 'birth date does not match' (71) fails to read. Give
    those two loops the guide's lists; everything else is validated as the package ships it."""
    from enum import Enum
    from typing import List, Optional
    from pydantic import Field
    from pydantic.fields import ModelField
    from linuxforhealth.x12.v5010.x12_271_005010X279A1 import loops, segments

    SubscriberReason = Enum('SubscriberRejectReasonCode', [(f'R{c}', c) for c in SUBSCRIBER_REJECT_REASONS], type=str, module=__name__)
    DependentReason = Enum('DependentRejectReasonCode', [(f'R{c}', c) for c in DEPENDENT_REJECT_REASONS], type=str, module=__name__)

    class Loop2100CAaaSegment(segments.AaaSegment):
        reject_reason_code: SubscriberReason
        follow_up_action_code: segments.Loop2100BAaaSegment.FollowUpActionCode

    class Loop2100DAaaSegment(segments.AaaSegment):
        reject_reason_code: DependentReason
        follow_up_action_code: segments.Loop2100BAaaSegment.FollowUpActionCode

    for loop, model in ((loops.Loop2100C, Loop2100CAaaSegment), (loops.Loop2100D, Loop2100DAaaSegment)):
        loop.__fields__['aaa_segment'] = ModelField.infer(
            name='aaa_segment', value=Field(None, min_items=0, max_items=9), annotation=Optional[List[model]],
            class_validators=None, config=loop.__config__)


def patch_linuxforhealth_835():
    """linuxforhealth-x12 0.57.0 starts the 835's payer loop (1000A) without the list its PER segments
    go into, so the required PER*BL is kept as one segment where the model wants a list and every 835
    fails to read. Start the loop with that list, as the package does for REF."""
    from linuxforhealth.x12.parsing import match
    from linuxforhealth.x12.v5010.x12_835_005010X221A1 import parsing

    @match('N1', conditions={'entity_identifier_code': 'PR'})
    def set_payer_identification_loop(context, segment_data):
        loop = {'ref_segment': [], 'per_segment': []}
        context.transaction_data[parsing.TransactionLoops.PAYER_IDENTIFICATION] = loop
        context.set_loop_context(parsing.TransactionLoops.PAYER_IDENTIFICATION, loop)

    parsing.set_payer_identification_loop = set_payer_identification_loop


def with_linuxforhealth(path, expected):
    from linuxforhealth.x12.io import X12ModelReader
    patch_linuxforhealth()
    patch_linuxforhealth_835()
    try:
        with X12ModelReader(path) as reader:
            models = list(reader.models())
    except Exception as error:  # the models raise pydantic ValidationError, KeyError on unknown segments...
        return [f'{type(error).__name__}: {error}'], 0
    errors = []
    if len(models) != expected:
        errors.append(f'read {len(models)} transaction sets, the file holds {expected}')
    return errors, len(models)


def with_pyx12(path, expected):
    import pyx12.params
    import pyx12.x12n_document
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setLevel(logging.ERROR)
    logger = logging.getLogger('pyx12')
    logger.addHandler(handler)
    logger.setLevel(logging.ERROR)
    try:
        with open(path, encoding='ascii') as source:
            ok = pyx12.x12n_document.x12n_document(param=pyx12.params.params(), src_file=source, fd_997=None, fd_html=None, fd_xmldoc=None, map_path=None)
    except Exception as error:
        return [f'{type(error).__name__}: {error}'], 0
    finally:
        logger.removeHandler(handler)
    errors = [line for line in buffer.getvalue().splitlines() if line.strip()]
    if not ok and not errors:
        errors.append('pyx12 found the file invalid')
    return errors, expected


def main(paths):
    all_ok = True
    for path in paths:
        with open(path, encoding='ascii') as f:
            text = f.read()
        sets = transaction_sets(text)
        if sets and all(s in ('270', '271') for s in sets):
            validator, (errors, count) = 'linuxforhealth-x12', with_linuxforhealth(path, len(sets))
        elif sets and (all(s == '837' for s in sets) or all(s == '835' for s in sets)):
            errors, count = with_pyx12(path, len(sets))
            more, read = with_linuxforhealth(path, len(sets))
            validator, errors, count = 'pyx12+linuxforhealth-x12', errors + more, min(count, read)
        else:
            validator, (errors, count) = 'pyx12', with_pyx12(path, len(sets))
        all_ok = all_ok and not errors
        print(json.dumps({'file': path, 'validator': validator, 'sets': sets, 'read': count, 'ok': not errors, 'errors': errors}))
    return 0 if all_ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))

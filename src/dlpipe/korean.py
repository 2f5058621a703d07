"""Messages in Korean, chosen by ``DLPIPE_LANG=ko`` or a Korean locale (``LANG=ko_KR.UTF-8``).

A message is written in English where it is raised, naming keys, files, columns and
values; here it is said again in Korean at the edge. Each entry is an English sentence
pattern whose ``{parts}`` are the names and values, and the Korean sentence that takes
the same parts: names and values are never translated, only the words around them. A
message no entry matches stays in English (``untranslated`` lists such messages).
"""

from __future__ import annotations

import os
import re
from functools import cache

# (English, Korean): whole messages or hints; a hint of several sentences joined by "; "
# is also translated sentence by sentence.
PHRASES: tuple[tuple[str, str], ...] = (
    # --- keys, values, overrides ----------------------------------------------------------
    ("unknown key", "알 수 없는 키입니다"),
    ("unknown key {key}", "알 수 없는 키 {key} 입니다"),
    ("did you mean {names}?", "혹시 {names} 인가요?"),
    ("did you mean {names}? {rest}", "혹시 {names} 인가요? {rest}"),
    ("valid keys here: {keys}", "여기서 쓸 수 있는 키: {keys}"),
    (
        "Value {value} of type {type} could not be converted to {target}",
        "값 {value} ({type}) 을(를) {target} (으)로 바꿀 수 없습니다",
    ),
    (
        "check the value's type (a number, true/false, a list [a, b] or null)",
        "값의 타입을 확인하세요 (숫자, true/false, 목록 [a, b], 또는 null)",
    ),
    ("must be >= {low}, got {value}", "{low} 이상이어야 하는데 {value} 입니다"),
    ("must be <= {high}, got {value}", "{high} 이하여야 하는데 {value} 입니다"),
    ("must be a positive number, got {value}", "양수여야 하는데 {value} 입니다"),
    ("must be a finite number >= 0, got {value}", "0 이상의 유한한 수여야 하는데 {value} 입니다"),
    ("must be a whole number >= 1, got {value}", "1 이상의 정수여야 하는데 {value} 입니다"),
    ("must be in [0, 1), got {value}", "[0, 1) 범위여야 하는데 {value} 입니다"),
    ("a whole number from {low}, e.g. {example}", "{low} 부터의 정수, 예: {example}"),
    (
        "a whole number from {low}, e.g. {example} (or null for every row)",
        "{low} 부터의 정수, 예: {example} (모든 행은 null)",
    ),
    ("expected one of {options}; received {value}", "{options} 중 하나여야 하는데 {value} 입니다"),
    ("expected true or false, got {value}", "true 나 false 여야 하는데 {value} 입니다"),
    ("{value} is not true or false", "{value} 은(는) true 도 false 도 아닙니다"),
    ("write true or false", "true 나 false 로 쓰세요"),
    (
        "Value {value} is not a valid bool (type {type})",
        "값 {value} 은(는) true/false 가 아닙니다 ({type})",
    ),
    ("expected a list", "목록이어야 합니다"),
    ("e.g. {example}", "예: {example}"),
    ("required", "꼭 필요한 값입니다"),
    ("required, but no value was given", "꼭 필요한데 값이 없습니다"),
    ("set it on the command line, e.g. {example}", "명령줄에서 정하세요, 예: {example}"),
    ("there is no {group} config named {name}", "{group} 설정에 {name} (이)라는 파일이 없습니다"),
    (
        "(options: {options}; files in dlpipe's {folder})",
        "(선택지: {options}; dlpipe 의 {folder} 에 있는 파일)",
    ),
    (
        "this config does not set this key, so an override cannot change it",
        "이 설정에는 이 키가 없어서 오버라이드로 바꿀 수 없습니다",
    ),
    ("add it with a leading '+': {example}", "앞에 '+' 를 붙여 더하세요: {example}"),
    ("Hydra reads unquoted text in ASCII only", "Hydra 는 따옴표 없는 글자를 ASCII 로만 읽습니다"),
    (
        "quote it: {quoted} (the outer ' keep the \" for Hydra)",
        "따옴표로 감싸세요: {quoted} (바깥의 ' 가 Hydra 를 위해 \" 를 지켜 줍니다)",
    ),
    (
        "several values for one key, but this is not a sweep",
        "키 하나에 값이 여러 개인데 스윕이 아닙니다",
    ),
    ("no viable alternative at input {text}", "{text} 부분을 읽을 수 없습니다"),
    (
        "check the override's syntax: key=value, a list [a,b], a sweep a,b; quote values with"
        " spaces or special characters",
        "오버라이드 문법을 확인하세요: key=value, 목록 [a,b], 스윕 a,b; 공백이나 특수 문자가 있는"
        " 값은 따옴표로 감싸세요",
    ),
    ("unknown optimizer {name}", "알 수 없는 옵티마이저 {name} 입니다"),
    ("unknown argument {name}", "알 수 없는 인자 {name} 입니다"),
    (
        "unknown argument {name} for the {cls} optimizer",
        "{cls} 옵티마이저에 없는 인자 {name} 입니다",
    ),
    ("Keras 3 calls it {name}", "Keras 3 에서는 {name} 입니다"),
    ("unknown layer type {name}", "알 수 없는 레이어 종류 {name} 입니다"),
    ("unknown loss {name}", "알 수 없는 손실 {name} 입니다"),
    ("unknown metric {name}", "알 수 없는 지표 {name} 입니다"),
    ("training reports no value named {name}", "학습이 알려 주는 값에 {name} (이)가 없습니다"),
    (
        "(a metric is watched once it is in model.metrics)",
        "(지표는 model.metrics 에 있어야 지켜볼 수 있습니다)",
    ),
    (
        "'{verb}' is neither a verb nor a setting (key=value)",
        "'{verb}' 은(는) 명령도 설정(key=value)도 아닙니다",
    ),
    (
        "verbs: {verbs}; settings are written key=value, e.g. {example}",
        "명령: {verbs}; 설정은 key=value 로 씁니다, 예: {example}",
    ),
    ("unexpected argument {arg}", "예상하지 못한 인자 {arg} 입니다"),
    ("accepted: {names}", "받는 인자: {names}"),
    ("python -m dlpipe {usage}", "사용법: python -m dlpipe {usage}"),
    ("e.g. dlpipe {usage}", "예: dlpipe {usage}"),
    (
        "to run each value add -m (python -m dlpipe -m ...); for a list write key=[a,b]; for"
        " text with a comma quote it: key='a,b'",
        "값마다 실행하려면 -m 을 붙이세요 (python -m dlpipe -m ...); 목록은 key=[a,b]; 쉼표가 든"
        " 글자는 따옴표로: key='a,b'",
    ),
    (
        "this sweep would run {count} jobs: {why}; the limit is {limit}",
        "이 스윕은 작업 {count} 개를 실행합니다: {why}; 한도는 {limit} 개입니다",
    ),
    (
        "sweep fewer values, or allow more on the command line: {example}",
        "값을 줄이거나, 명령줄에서 한도를 늘리세요: {example}",
    ),
    ("sweep fewer values", "스윕할 값을 줄이세요"),
    ("a range with a step of 0 never ends", "간격이 0 인 range 는 끝나지 않습니다"),
    ("how many trials the search runs, e.g. {example}", "탐색할 시도 횟수, 예: {example}"),
    (
        "this Hydra setting is not allowed in a dlpipe config",
        "dlpipe 설정에서는 쓸 수 없는 Hydra 설정입니다",
    ),
    (
        "configs may set hydra.run.dir, hydra.sweep.dir/subdir, hydra.mode, hydra.verbose,"
        " hydra.output_subdir=null and the launcher's and sweeper's own settings (callbacks,"
        " logging, environment and search paths are not settable)",
        "설정에서 쓸 수 있는 것: hydra.run.dir, hydra.sweep.dir/subdir, hydra.mode, hydra.verbose,"
        " hydra.output_subdir=null, launcher 와 sweeper 의 설정 (callbacks, 로깅, 환경 변수, 검색 경로는"
        " 쓸 수 없음)",
    ),
    ("a config cannot read environment variables", "설정은 환경 변수를 읽을 수 없습니다"),
    (
        "write the value itself (on the command line: key=value); the run's record keeps what"
        " it is given",
        "값을 직접 적으세요 (명령줄에서는 key=value); run 의 기록은 주어진 것을 그대로 남깁니다",
    ),
    (
        "split fractions must be >= 0 and sum to 1, got {got}",
        "분할 비율은 0 이상이고 합이 1 이어야 하는데 {got} 입니다",
    ),
    (
        "{value} refers to a key that has no value ({why})",
        "{value} 이(가) 가리키는 키에 값이 없습니다 ({why})",
    ),
    (
        "{value} leads back to itself (a loop of references)",
        "{value} 이(가) 자기 자신으로 돌아옵니다 (참조의 고리)",
    ),
    (
        "a ${...} reference names another key of the config, e.g. ${trainer.batch_size}; or"
        " write the value itself",
        "${{...}} 참조는 설정의 다른 키를 가리킵니다, 예: ${{trainer.batch_size}}; 또는 값을 직접 적으세요",
    ),
    (
        "{name} is not allowed in configs (it can run arbitrary code)",
        "{name} 은(는) 설정에서 쓸 수 없습니다 (임의의 코드를 실행할 수 있음)",
    ),
    ("a fraction, e.g. {example} (0: off)", "비율, 예: {example} (0: 끔)"),
    ("leave {key} out to take Keras' default", "{key} 를 빼면 Keras 의 기본값을 씁니다"),
    ("write a list in brackets, e.g. {example}", "대괄호로 목록을 쓰세요, 예: {example}"),
    ("a list of layers, e.g. {example}", "레이어 목록, 예: {example}"),
    ("a fraction of the training rows, e.g. {example}", "학습 행의 비율, 예: {example}"),
    (
        "overwrite=true replaces an existing output file",
        "overwrite=true 면 이미 있는 출력 파일을 바꿔 씁니다",
    ),
    (
        "give a run folder written by training (e.g. outputs/<date>/<time>) or a run id",
        "학습이 만든 run 폴더 (예: outputs/<date>/<time>) 나 run id 를 주세요",
    ),
    (
        "give an .npz (x_train, y_train, x_test, y_test) or a folder with the four IDX files",
        ".npz (x_train, y_train, x_test, y_test) 나 IDX 파일 네 개가 든 폴더를 주세요",
    ),
    (
        "give a folder with one sub-folder of images per class",
        "클래스마다 이미지 하위 폴더가 있는 폴더를 주세요",
    ),
    (
        "~ is not your home folder here: write the full path, e.g. {example}",
        "여기서 ~ 는 홈 폴더가 아닙니다: 전체 경로를 쓰세요, 예: {example}",
    ),
    (
        "fill them in (data.preprocess.impute), drop those rows (data.preprocess.dropna) or"
        " those columns (data.preprocess.drop)",
        "채우거나 (data.preprocess.impute), 그 행을 (data.preprocess.dropna) 또는 그 열을"
        " (data.preprocess.drop) 지우세요",
    ),
    ("{name} is not an export format", "{name} 은(는) 내보내기 형식이 아닙니다"),
    ("formats: {names}", "형식: {names}"),
    ("{hint} formats: {names}", "{hint} 형식: {names}"),
    ("a model config cannot be null", "model 설정은 null 일 수 없습니다"),
    ("{name} is not a name of {folder}", "{name} 은(는) {folder} 의 이름이 아닙니다"),
    (
        "choose a config of {folder} by its name, e.g. {example}",
        "{folder} 의 설정을 이름으로 고르세요, 예: {example}",
    ),
    ("unknown embedded data set {name}", "알 수 없는 내장 데이터셋 {name} 입니다"),
    ("unknown Keras data set {name}", "알 수 없는 Keras 데이터셋 {name} 입니다"),
    ("unknown encoding {name}", "알 수 없는 인코딩 {name} 입니다"),
    ("unknown block {name}", "알 수 없는 블록 {name} 입니다"),
    ("blocks declared in model.blocks: {names}", "model.blocks 에 선언된 블록: {names}"),
    ("one of: {names}", "다음 중 하나: {names}"),
    ("unknown regulariser {name}", "알 수 없는 정규화 {name} 입니다"),
    ("unknown initialiser {name}", "알 수 없는 초기화 {name} 입니다"),
    ("unknown constraint {name}", "알 수 없는 제약 {name} 입니다"),
    ("the experiment needs a name", "실험에는 이름이 필요합니다"),
    ("e.g. {example} (runs are grouped by it)", "예: {example} (run 을 이 이름으로 묶습니다)"),
    ("expected a whole number >= 1, got {value}", "1 이상의 정수여야 하는데 {value} 입니다"),
    (
        "how many runs to show, best first, e.g. {example} (the default is 50)",
        "보여 줄 run 의 수 (좋은 것부터), 예: {example} (기본값 50)",
    ),
    (
        "the target column {name} is empty: all its {n} values are missing",
        "target 열 {name} 이(가) 비어 있습니다: 값 {n} 개가 모두 없습니다",
    ),
    ("choose the column to predict (columns: {columns})", "예측할 열을 고르세요 (열: {columns})"),
    (
        "only {n} rows are left after preprocessing; too few for a {split} split",
        "전처리 뒤 남은 행이 {n} 개뿐이라 {split} 분할에는 너무 적습니다",
    ),
    (
        "use more rows (data.limit), or fewer splits (e.g. data.split.val=0)",
        "행을 더 쓰거나 (data.limit), 분할을 줄이세요 (예: data.split.val=0)",
    ),
    (
        "class {name} of {target} has only {n} rows: too few to stratify",
        "{target} 의 클래스 {name} 은(는) {n} 행뿐이라 층화 분할에 너무 적습니다",
    ),
    (
        "use more rows, or set data.split.stratify=false",
        "행을 더 쓰거나 data.split.stratify=false 로 하세요",
    ),
    # --- files and columns -------------------------------------------------------------------
    ("{path} does not exist", "{path} 이(가) 없습니다"),
    ("{path} is a folder", "{path} 은(는) 폴더입니다"),
    ("{path} is a folder, not a file", "{path} 은(는) 파일이 아니라 폴더입니다"),
    ("{path} is a file, not a folder", "{path} 은(는) 폴더가 아니라 파일입니다"),
    ("{path} is empty", "{path} 이(가) 비어 있습니다"),
    ("{path} has a header but no rows", "{path} 에는 머리글만 있고 행이 없습니다"),
    ("column {name} is not in the data", "데이터에 {name} 열이 없습니다"),
    ("(columns: {columns})", "(열: {columns})"),
    (
        "conf/data/{name}.yaml's steps are for its own columns: for your table, {example}",
        "conf/data/{name}.yaml 의 단계는 그 데이터의 열에 맞춘 것입니다: 내 표라면 {example}",
    ),
    (
        "give the path of a CSV file, relative to where you run the command (or put it in data/:"
        " paths.data_dir)",
        "CSV 파일의 경로를 주세요: 명령을 실행한 폴더 기준 (또는 data/ 에 두세요: paths.data_dir)",
    ),
    ("give a CSV with a header row", "머리글 행이 있는 CSV 를 주세요"),
    ("give a CSV with data rows under its header", "머리글 아래에 데이터 행이 있는 CSV 를 주세요"),
    (
        "the target {name} has {n} distinct value(s); a model needs at least 2",
        "target {name} 의 값이 {n} 가지뿐입니다; 모델에는 2 가지 이상이 필요합니다",
    ),
    (
        "check data.target, data.limit (the first rows may all share one class) and dropna",
        "data.target, data.limit (앞쪽 행이 모두 같은 클래스일 수 있음), dropna 를 확인하세요",
    ),
    (
        "missing values remain after preprocessing in: {columns}",
        "전처리 뒤에도 결측값이 남은 열: {columns}",
    ),
    (
        "{path} is not valid {encoding} ({why})",
        "{path} 은(는) 올바른 {encoding} 이(가) 아닙니다 ({why})",
    ),
    (
        "set data.encoding={encoding}, or save the file as UTF-8",
        "data.encoding={encoding} (으)로 정하거나, 파일을 UTF-8 로 저장하세요",
    ),
    # --- models and training -----------------------------------------------------------------
    (
        "training diverged: the loss is {value} after epoch {epoch}",
        "학습이 발산했습니다: 에포크 {epoch} 뒤 손실이 {value} 입니다",
    ),
    ("layer names must be unique", "레이어 이름은 서로 달라야 합니다"),
    ("set units: {n}, or use head: auto", "units: {n} (으)로 하거나 head: auto 를 쓰세요"),
    (
        "use loss: auto (or set data.task=regression)",
        "loss: auto 를 쓰세요 (또는 data.task=regression)",
    ),
)


def korean() -> bool:
    """Whether messages are said in Korean: ``DLPIPE_LANG`` first, then the locale."""
    chosen = os.environ.get("DLPIPE_LANG", "").strip().lower()
    if chosen:
        return chosen.startswith("ko")
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").strip().lower()
        if value:
            return value.startswith("ko")
    return False


@cache
def patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each English phrase as a pattern matching the whole text, its parts named."""
    out = []
    for english, korean_text in PHRASES:
        parts = re.split(r"\{(\w+)\}", english)
        regex = "".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
        )
        out.append((re.compile(regex, re.DOTALL), korean_text))
    return tuple(out)


def translated(text: str) -> str:
    """``text`` in Korean where an entry says it whole, else sentence by sentence ("; "),
    else as it is."""
    whole = _whole(text)
    if whole is not None:
        return whole
    pieces = text.split("; ")
    if len(pieces) > 1:
        return "; ".join(_whole(p) or p for p in pieces)
    return text


# Parts that are sentences themselves (translated in turn), not names or values.
SENTENCES = ("hint", "rest")


def _whole(text: str) -> str | None:
    for pattern, korean_text in patterns():
        found = pattern.fullmatch(text)
        if found:
            parts = {
                k: translated(v) if k in SENTENCES else v for k, v in found.groupdict().items()
            }
            return korean_text.format(**parts)
    return None


HANGUL = re.compile(r"[\uac00-\ud7a3]")


def has_korean(text: str) -> bool:
    """Whether ``text`` holds Korean words (a translated message does)."""
    return bool(HANGUL.search(text))

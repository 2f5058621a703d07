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
    ("a {group} config cannot be null", "{group} 설정은 null 일 수 없습니다"),
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
    ("no such folder", "그런 폴더가 없습니다"),
    (
        "name a folder of your own configs (data/, model/, experiment/ ...); python -m dlpipe"
        " init writes one",
        "내 설정 폴더를 주세요 (data/, model/, experiment/ ...); python -m dlpipe init 이 만들어 줍니다",
    ),
    (
        "a primary config of your own is not read: dlpipe's own conf/config.yaml chooses the"
        " groups and holds the checked defaults",
        "내 기본 설정 파일은 읽지 않습니다: 그룹 선택과 검사된 기본값은 dlpipe 의 conf/config.yaml"
        " 이 정합니다",
    ),
    (
        "put its settings into {path} under a first line '# @package _global_' and run {example}",
        "그 설정을 첫 줄이 '# @package _global_' 인 {path} 에 옮기고 {example} 로 실행하세요",
    ),
    (
        "Hydra's own settings (launchers, logging, callbacks) are not read from a config folder"
        " of yours",
        "Hydra 자체 설정 (launcher, 로깅, callbacks) 은 내 설정 폴더에서 읽지 않습니다",
    ),
    (
        "remove the folder; an experiment file may set what dlpipe allows (hydra.run.dir,"
        " hydra.sweep.dir, hydra.mode, the sweeper's settings)",
        "그 폴더를 지우세요; 실험 파일은 dlpipe 가 허용하는 것 (hydra.run.dir, hydra.sweep.dir,"
        " hydra.mode, sweeper 설정) 을 정할 수 있습니다",
    ),
    (
        "a layer needs a 'type' (a Keras layer class name)",
        "레이어에는 'type' (Keras 레이어 클래스 이름) 이 필요합니다",
    ),
    ("a block is used with {example}", "블록은 {example} 로 씁니다"),
    ("a pretrained base with {example}", "사전학습 모델은 {example} 로 씁니다"),
    ("argument {name} is an old Keras habit", "인자 {name} 은(는) 예전 Keras 의 습관입니다"),
    (
        "dlpipe takes the input shape from the data (Keras 3 uses an Input layer)",
        "dlpipe 는 입력 모양을 데이터에서 가져옵니다 (Keras 3 는 Input 레이어를 씁니다)",
    ),
    ("remove {name}", "{name} 을(를) 지우세요"),
    (
        "'_target_' is not allowed: dlpipe configs cannot import or call Python code",
        "'_target_' 는 쓸 수 없습니다: dlpipe 설정은 Python 코드를 불러오거나 부를 수 없습니다",
    ),
    ("layers are Keras class names ({example})", "레이어는 Keras 클래스 이름입니다 ({example})"),
    ("optimizers are names ({example})", "옵티마이저는 이름입니다 ({example})"),
    (
        "difference: seasonal needs the season's length",
        "difference: seasonal 에는 계절의 길이가 필요합니다",
    ),
    (
        "e.g. {example} (monthly data, yearly season), or {other}",
        "예: {example} (월별 데이터, 1 년 계절), 또는 {other}",
    ),
    (
        "a season of {n} steps is shorter than the horizon {h}",
        "{n} 단계의 계절이 예측 범위 {h} 보다 짧습니다",
    ),
    (
        "the change is from one season before the predicted step, which must be known: use"
        " data.series.difference=first for long horizons",
        "변화량은 예측할 시점의 한 계절 전부터이고 그 값은 알려져 있어야 합니다: 긴 예측 범위에는"
        " data.series.difference=first 를 쓰세요",
    ),
    (
        "the separator must be one character, got {value}",
        "구분자는 한 글자여야 하는데 {value} 입니다",
    ),
    (
        "e.g. data.sep=';' or data.sep='\\t' (a tab); for columns lined up with spaces, save the"
        " file as CSV first",
        "예: data.sep=';' 또는 data.sep='\\t' (탭); 공백으로 줄 맞춘 열이면 먼저 CSV 로 저장하세요",
    ),
    ("{verb} takes no option {option}", "{verb} 에는 {option} 옵션이 없습니다"),
    ("Cannot assign {value} to {type}", "{value} 을(를) {type} 에 넣을 수 없습니다"),
    (
        "a mapping of columns to {old: new} values, e.g. {example}",
        "열마다 {{old: new}} 값의 매핑, 예: {example}",
    ),
    (
        "the resolver {name} is not allowed in a dlpipe config",
        "resolver {name} 은(는) dlpipe 설정에서 쓸 수 없습니다",
    ),
    (
        "use ${other.key} references, ${now:...} or ${hydra:...}",
        "${{other.key}} 참조, ${{now:...}}, ${{hydra:...}} 를 쓰세요",
    ),
    (
        "every size must be a whole number >= 1, got {value}",
        "모든 크기는 1 이상의 정수여야 하는데 {value} 입니다",
    ),
    (
        "e.g. {example} (height, width, channels) or [8] (features)",
        "예: {example} (높이, 너비, 채널) 또는 [8] (특성)",
    ),
    (
        "must be 0 (a number to predict) or >= 2, got {value}",
        "0 (수를 예측) 이거나 2 이상이어야 하는데 {value} 입니다",
    ),
    (
        "a model tells classes apart: 2 or more (0: a number, as for series)",
        "모델은 클래스를 구별합니다: 2 개 이상 (0: 시계열처럼 수를 예측)",
    ),
    ("expected 'auto' or 'none', got {value}", "'auto' 나 'none' 이어야 하는데 {value} 입니다"),
    (
        "auto appends the output layer the task needs; none: your last layer is it",
        "auto 는 과제에 맞는 출력층을 붙입니다; none: 마지막 레이어가 출력층입니다",
    ),
    (
        "expected exactly one run id, got {n}: {ids}",
        "run id 가 정확히 하나여야 하는데 {n} 개입니다: {ids}",
    ),
    ("expected exactly one run id", "run id 가 정확히 하나여야 합니다"),
    (
        "{path} is the input: predicting would overwrite the data it reads",
        "{path} 은(는) 입력 파일입니다: 예측이 읽는 데이터를 덮어쓰게 됩니다",
    ),
    ("give another file name, e.g. {example}", "다른 파일 이름을 주세요, 예: {example}"),
    ("give another name, e.g. {example}", "다른 이름을 주세요, 예: {example}"),
    (
        "every run needs one: {names} (files in dlpipe's {folder})",
        "run 마다 하나가 필요합니다: {names} (dlpipe 의 {folder} 에 있는 파일)",
    ),
    (
        "leave {key} out: none is used unless you choose one",
        "{key} 를 빼세요: 고르지 않으면 아무것도 쓰지 않습니다",
    ),
    (
        "{value} gives {result}, which does not fit here ({why})",
        "{value} 의 값 {result} 은(는) 여기에 맞지 않습니다 ({why})",
    ),
    (
        "the name {name} is used twice (first at {where})",
        "이름 {name} 이(가) 두 번 쓰였습니다 (처음은 {where})",
    ),
    (
        "unknown input {name}: no layer or block before this one has that name",
        "알 수 없는 입력 {name}: 이 앞의 레이어나 블록에 그런 이름이 없습니다",
    ),
    (
        "name a layer with name: <name> (earlier in the same list), or use 'input'",
        "레이어에 name: <name> 으로 이름을 붙이거나 (같은 목록의 앞쪽에서), 'input' 을 쓰세요",
    ),
    ("names known here: {names}", "여기서 아는 이름: {names}"),
    ("{name} is the name of the run's final model", "{name} 은(는) run 의 최종 모델 이름입니다"),
    ("unknown keras.applications model {name}", "알 수 없는 keras.applications 모델 {name} 입니다"),
    ("{path} was read as a single column {name}", "{path} 이(가) 열 하나 {name} (으)로 읽혔습니다"),
    ("the separator looks wrong ({sep})", "구분자가 틀린 것 같습니다 ({sep})"),
    ("try {example}", "{example} 을(를) 써 보세요"),
    ("expected a mapping old: new, got {value}", "old: new 매핑이어야 하는데 {value} 입니다"),
    (
        "column {name} still holds text (e.g. {values}) after the row steps",
        "행 단계 뒤에도 {name} 열에 텍스트가 있습니다 (예: {values})",
    ),
    (
        "one-hot it ({example}), label-encode it, map it with data.preprocess.replace, or drop it",
        "원-핫 하거나 ({example}), 레이블 인코딩하거나, data.preprocess.replace 로 바꾸거나, 지우세요",
    ),
    ("no file matches {pattern}", "{pattern} 에 맞는 파일이 없습니다"),
    ("check the folder and the pattern, e.g. {example}", "폴더와 패턴을 확인하세요, 예: {example}"),
    ("{name} is the target", "{name} 은(는) target 입니다"),
    ("it cannot also be a feature step", "특성 단계에 함께 쓸 수 없습니다"),
    (
        "remove it from {key}: the target is encoded by itself (data.target_encoding)",
        "{key} 에서 빼세요: target 은 따로 인코딩됩니다 (data.target_encoding)",
    ),
    ("{path} names more than one column {name}", "{path} 에 {name} 열이 둘 이상 있습니다"),
    (
        "give each column its own name in the file's header row",
        "파일의 머리글 행에서 열마다 다른 이름을 주세요",
    ),
    (
        "{path} is not a regular file (a device or a pipe, which could be read for ever)",
        "{path} 은(는) 보통 파일이 아닙니다 (끝없이 읽힐 수 있는 장치나 파이프)",
    ),
    (
        "give a text file or a glob like data/*.txt",
        "텍스트 파일이나 data/*.txt 같은 glob 을 주세요",
    ),
    (
        "{url} is a web address; dlpipe reads local files only",
        "{url} 은(는) 웹 주소입니다; dlpipe 는 로컬 파일만 읽습니다",
    ),
    (
        "download it first (e.g. curl -LO {url}), then give the file's path",
        "먼저 내려받고 (예: curl -LO {url}) 파일 경로를 주세요",
    ),
    ("{n} columns cannot be used as they are:{lines}", "열 {n} 개를 그대로 쓸 수 없습니다:{lines}"),
    ("one fix per column:{lines}", "열마다 고치는 방법:{lines}"),
    ("no column is left to learn from: {why}", "배울 열이 하나도 남지 않았습니다: {why}"),
    (
        "use one anyway, e.g. {example}, or add columns to the table",
        "그래도 하나를 쓰거나 (예: {example}), 표에 열을 더하세요",
    ),
    (
        "{setting} but the target {name} has {n} classes",
        "{setting} 인데 target {name} 의 클래스는 {n} 개입니다",
    ),
    ("use {example} (or auto)", "{example} 를 쓰세요 (또는 auto)"),
    (
        "there is no test part to measure the model on ({setting})",
        "모델을 잴 test 구간이 없습니다 ({setting})",
    ),
    ("give it a share, e.g. {example}", "비율을 주세요, 예: {example}"),
    (
        "{n} sentences padded to {tokens} tokens would need about {need}, more than the {free}"
        " of memory available",
        "문장 {n} 개를 토큰 {tokens} 개로 채우면 약 {need} 가 필요해, 쓸 수 있는 메모리 {free} 보다 많습니다",
    ),
    (
        "a length most sentences fit in, e.g. {example} (longer ones are cut)",
        "대부분의 문장이 들어가는 길이, 예: {example} (긴 문장은 잘림)",
    ),
    ("column {name} holds {n} infinite value(s)", "{name} 열에 무한대 값이 {n} 개 있습니다"),
    (
        "fix them in the file, or leave the column out: {example}",
        "파일에서 고치거나, 그 열을 빼세요: {example}",
    ),
    (
        "the {db} driver is not installed (no module {module})",
        "{db} 드라이버가 설치되어 있지 않습니다 (모듈 {module} 없음)",
    ),
    ("install it where dlpipe runs: {command}", "dlpipe 가 도는 곳에 설치하세요: {command}"),
    (
        "{loss} needs 2 classes but the target has {n} classes",
        "{loss} 에는 클래스 2 개가 필요한데 target 의 클래스는 {n} 개입니다",
    ),
    (
        "use sparse_categorical_crossentropy (integer labels) or loss: auto",
        "sparse_categorical_crossentropy (정수 레이블) 나 loss: auto 를 쓰세요",
    ),
    (
        "{uri} is not a tracking URI MLflow knows ({scheme})",
        "{uri} 은(는) MLflow 가 아는 tracking URI 가 아닙니다 ({scheme})",
    ),
    (
        "use sqlite:///mlflow.db (the default), http://127.0.0.1:5000 for a server, or a"
        " database: {examples}",
        "sqlite:///mlflow.db (기본값), 서버면 http://127.0.0.1:5000, 또는 데이터베이스: {examples} 를 쓰세요",
    ),
    (
        "{loss} needs integer labels but the labels are one-hot",
        "{loss} 에는 정수 레이블이 필요한데 레이블이 원-핫입니다",
    ),
    (
        "use categorical_crossentropy, or {example}",
        "categorical_crossentropy 나 {example} 를 쓰세요",
    ),
    ("{name} is not a plain file name", "{name} 은(는) 파일 이름만이 아닙니다"),
    (
        "the file is written in the run's own folder: give a name only, e.g. {example}",
        "파일은 run 폴더에 쓰입니다: 이름만 주세요, 예: {example}",
    ),
    (
        "{loss} is a regression loss but the target has {n} classes",
        "{loss} 는 회귀 손실인데 target 의 클래스는 {n} 개입니다",
    ),
    (
        "{uri}: the study's file is outside the working folder",
        "{uri}: study 파일이 작업 폴더 밖에 있습니다",
    ),
    ("keep it here, e.g. {example}", "여기에 두세요, 예: {example}"),
    (
        "{path} is not a text table: its bytes are binary data",
        "{path} 은(는) 텍스트 표가 아닙니다: 바이너리 데이터입니다",
    ),
    (
        "give a CSV file: in a spreadsheet program, save it as 'CSV UTF-8'",
        "CSV 파일을 주세요: 스프레드시트 프로그램에서 'CSV UTF-8' 로 저장하세요",
    ),
    (
        "{path} exists and is not an MLflow store (MLflow would add its tables to it)",
        "{path} 은(는) 이미 있고 MLflow 저장소가 아닙니다 (MLflow 가 그 안에 표를 더하게 됩니다)",
    ),
    ("name a new file, e.g. {example}", "새 파일 이름을 주세요, 예: {example}"),
    (
        "{path} is UTF-16 text, not {encoding}",
        "{path} 은(는) {encoding} 이(가) 아니라 UTF-16 텍스트입니다",
    ),
    (
        "set {example} (or save the file as UTF-8)",
        "{example} 로 정하세요 (또는 파일을 UTF-8 로 저장)",
    ),
    (
        "dropna removed all {n} rows: column {name} has no values at all",
        "dropna 가 {n} 행을 모두 지웠습니다: {name} 열에 값이 하나도 없습니다",
    ),
    ("leave it out: {example}", "그 열을 빼세요: {example}"),
    ("{uri} is not a complete URI", "{uri} 은(는) 완전한 URI 가 아닙니다"),
    (
        "write {example} (three slashes, then the file's path)",
        "{example} 로 쓰세요 (슬래시 세 개, 그다음 파일 경로)",
    ),
    ("{uri} is a file's path, not a URI", "{uri} 은(는) URI 가 아니라 파일 경로입니다"),
    ("write {example}", "{example} 로 쓰세요"),
    (
        "column {name} holds a NUL character ({where}): the file is damaged or partly binary",
        "{name} 열에 NUL 문자가 있습니다 ({where}): 파일이 망가졌거나 일부가 바이너리입니다",
    ),
    ("fix the file, or remove the NULs: {command}", "파일을 고치거나 NUL 을 지우세요: {command}"),
    (
        "column {name} holds numbers and {n} cell(s) of text: {cells}",
        "{name} 열은 숫자인데 텍스트 칸이 {n} 개 있습니다: {cells}",
    ),
    (
        "fix those cells in the file: a number, or nothing for a missing value",
        "파일에서 그 칸을 고치세요: 숫자로, 결측값이면 비워 두기",
    ),
    (
        "{uri} is a folder (a file store), which current MLflow no longer supports",
        "{uri} 은(는) 폴더 (파일 저장소) 이고, 지금의 MLflow 는 더 이상 지원하지 않습니다",
    ),
    (
        "use sqlite:///mlflow.db (the default) or http://127.0.0.1:5000 for a server",
        "sqlite:///mlflow.db (기본값) 나 서버면 http://127.0.0.1:5000 을 쓰세요",
    ),
    ("the shell split this value at its spaces", "셸이 이 값을 공백에서 잘랐습니다"),
    ("quote the whole setting: {example}", "설정 전체를 따옴표로 감싸세요: {example}"),
    ("{path} declares {size} pixels", "{path} 은(는) {size} 픽셀이라고 적혀 있습니다"),
    (
        "images up to {n} pixels are read; is it a real photo? resize it first",
        "{n} 픽셀까지의 이미지만 읽습니다; 진짜 사진인가요? 먼저 크기를 줄이세요",
    ),
    (
        "{n} characters: MLflow takes experiment names of up to 500",
        "{n} 글자: MLflow 의 실험 이름은 500 자까지입니다",
    ),
    (
        "a short name groups the runs, e.g. {example}",
        "짧은 이름으로 run 을 묶으세요, 예: {example}",
    ),
    (
        "~ is not your home folder here (the shell does not expand it after key=)",
        "여기서 ~ 는 홈 폴더가 아닙니다 (셸은 key= 뒤에서 펼치지 않습니다)",
    ),
    ("write it with $HOME: {example}", "$HOME 으로 쓰세요: {example}"),
    ("{path} holds {n} files ({names})", "{path} 에 파일이 {n} 개 있습니다 ({names})"),
    ("a table archive holds one", "표 압축 파일에는 하나만 들어 있어야 합니다"),
    (
        "unpack it and give the CSV's path, or pack only the one CSV",
        "풀어서 CSV 경로를 주거나, CSV 하나만 압축하세요",
    ),
    (
        "the YAML tag {tag} is not allowed: configs hold plain values, never Python objects",
        "YAML 태그 {tag} 는 쓸 수 없습니다: 설정은 평범한 값만 담고 Python 객체는 담지 않습니다",
    ),
    (
        "remove the tag and write the value plainly (3, 0.01, relu, [a, b])",
        "태그를 지우고 값을 그대로 쓰세요 (3, 0.01, relu, [a, b])",
    ),
    (
        "{path} could not be read as a {kind} file ({why})",
        "{path} 을(를) {kind} 파일로 읽을 수 없습니다 ({why})",
    ),
    (
        "is the file complete? its name's ending says how it is compressed (.gz, .bz2, .zip,"
        " .xz, .zst)",
        "파일이 온전한가요? 이름의 끝이 압축 방식을 말합니다 (.gz, .bz2, .zip, .xz, .zst)",
    ),
    ("a plain CSV ends in .csv", "압축하지 않은 CSV 는 .csv 로 끝납니다"),
    (
        "not UTF-8: it looks saved as {encoding}",
        "UTF-8 이 아닙니다: {encoding} 로 저장된 것 같습니다",
    ),
    (
        "save it as UTF-8 (in Notepad: Save as → Encoding: UTF-8",
        "UTF-8 로 저장하세요 (메모장: 다른 이름으로 저장 → 인코딩: UTF-8",
    ),
    (
        "in VS Code: the encoding in the status bar → Save with Encoding → UTF-8)",
        "VS Code: 상태 표시줄의 인코딩 → Save with Encoding → UTF-8)",
    ),
    (
        "has no '# @package _global_' line: Hydra would put all its keys under {where}",
        "'# @package _global_' 줄이 없습니다: Hydra 가 모든 키를 {where} 아래에 둡니다",
    ),
    (
        "add '# @package _global_' as the file's first line",
        "파일의 첫 줄에 '# @package _global_' 를 더하세요",
    ),
    (
        "data.task=regression but the target {name} holds text (e.g. {values})",
        "data.task=regression 인데 target {name} 에 텍스트가 있습니다 (예: {values})",
    ),
    (
        "regression predicts numbers: choose a numeric data.target, or leave data.task=auto to"
        " learn these values as classes",
        "회귀는 수를 예측합니다: 숫자 data.target 을 고르거나, data.task=auto 로 두어 이 값들을 클래스로"
        " 배우게 하세요",
    ),
    ("is empty", "비어 있습니다"),
    (
        "write '# @package _global_' as its first line, then the values it changes, e.g. {example}",
        "첫 줄에 '# @package _global_' 를 쓰고, 그다음 바꿀 값을 쓰세요, 예: {example}",
    ),
    (
        "starts with a byte-order mark, so Hydra does not see its '# @package' line",
        "바이트 순서 표시(BOM)로 시작해서 Hydra 가 '# @package' 줄을 보지 못합니다",
    ),
    (
        "save it as UTF-8 without a byte-order mark (VS Code: Save with Encoding → UTF-8",
        "BOM 없는 UTF-8 로 저장하세요 (VS Code: Save with Encoding → UTF-8",
    ),
    ("Notepad: UTF-8, not 'UTF-8 with BOM')", "메모장: 'UTF-8 (BOM)' 이 아닌 UTF-8)"),
    ("holds a YAML list, not keys and values", "키와 값이 아니라 YAML 목록이 들어 있습니다"),
    (
        "conf/experiment/ files are '# @package _global_' as its first line, then the values it"
        " changes as 'key: value' lines ({example})",
        "conf/experiment/ 파일은 첫 줄이 '# @package _global_' 이고, 그다음 바꿀 값을 'key: value' 줄로"
        " 씁니다 ({example})",
    ),
    (
        "command-line overrides ({example}) are not YAML",
        "명령줄 오버라이드 ({example}) 는 YAML 이 아닙니다",
    ),
    (
        "dlpipe reads configs from conf/ only: put the file into its group's folder there",
        "dlpipe 는 conf/ 에서만 설정을 읽습니다: 파일을 그 그룹의 폴더에 두세요",
    ),
    ("nested more than {n} levels deep", "{n} 단계보다 깊게 중첩되어 있습니다"),
    (
        "a config is a few plain keys and values: remove the file, or write it out without deep"
        " nesting and repeated aliases (&name / *name)",
        "설정은 평범한 키와 값 몇 개입니다: 파일을 지우거나, 깊은 중첩과 반복된 별칭 (&name / *name)"
        " 없이 다시 쓰세요",
    ),
    ("there is no MLflow store at {path}", "{path} 에 MLflow 저장소가 없습니다"),
    (
        "run the command where you trained, or set {example}",
        "학습한 곳에서 명령을 실행하거나, {example} 로 정하세요",
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
    (
        "cannot be applied to an input of shape {shape}: {why}",
        "모양이 {shape} 인 입력에 쓸 수 없습니다: {why}",
    ),
    (
        "2-D convolutions need images (batch, height, width, channels)",
        "2 차원 합성곱에는 이미지 (batch, height, width, channels) 가 필요합니다",
    ),
    ("tabular rows cannot go into Conv2D", "표의 행은 Conv2D 에 넣을 수 없습니다"),
    ("for this data: {example}", "이 데이터에는: {example}"),
    (
        "recurrent layers need sequences (batch, steps, features)",
        "순환 레이어에는 시퀀스 (batch, steps, features) 가 필요합니다",
    ),
    (
        "put an Embedding first, or use series data",
        "앞에 Embedding 을 두거나 시계열 데이터를 쓰세요",
    ),
    (
        "lower the learning rate (e.g. {lr}), scale the features ({scale}), or set {clip}",
        "학습률을 낮추거나 (예: {lr}), 특성을 스케일링하거나 ({scale}), {clip} 를 더하세요",
    ),
    (
        "the output layer has {units} units but the task ({task}) needs {n}",
        "출력층의 유닛이 {units} 개인데 과제 ({task}) 에는 {n} 개가 필요합니다",
    ),
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
    """``text`` in Korean where an entry says it whole, else line by line (a list of
    problems, each after its place: ``  - data.path: …``), else sentence by sentence
    ("; "), else as it is."""
    whole = _whole(text)
    if whole is not None:
        return whole
    if "\n" in text:
        return "\n".join(translated(line) for line in text.split("\n"))
    pieces = text.split("; ")
    if len(pieces) > 1:
        said = "; ".join(_whole(p) or p for p in pieces)
        if said != text:
            return said
    return _after_place(text)


def _after_place(line: str) -> str:
    """A line that starts with its place (``  - data.path: …``, ``island: …``): the place
    and indent kept, what follows said in Korean."""
    indent = line[: len(line) - len(line.lstrip(" -"))]
    for found in re.finditer(r": ", line):
        rest = line[found.end() :]
        said = _whole(rest)
        if said is not None:
            return line[: found.end()] + said
    if indent:
        said = _whole(line[len(indent) :])
        if said is not None:
            return indent + said
    return line


# Parts that are sentences themselves (translated in turn), not names or values.
SENTENCES = ("hint", "rest", "lines")


def _whole(text: str) -> str | None:
    for pattern, korean_text in patterns():
        found = pattern.fullmatch(text)
        if found:
            parts = {
                k: translated(v) if k in SENTENCES else v for k, v in found.groupdict().items()
            }
            if "names" in parts:  # "'a' or 'b'" in a did-you-mean
                parts["names"] = parts["names"].replace("' or '", "' 또는 '")
            return korean_text.format(**parts)
    return None


HANGUL = re.compile(r"[\uac00-\ud7a3]")


def has_korean(text: str) -> bool:
    """Whether ``text`` holds Korean words (a translated message does)."""
    return bool(HANGUL.search(text))

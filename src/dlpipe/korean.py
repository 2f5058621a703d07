"""Messages in Korean, chosen by ``DLPIPE_LANG=ko`` or a Korean locale (``LANG=ko_KR.UTF-8``).

A message is written in English where it is raised, naming keys, files, columns and
values; here it is said again in Korean at the edge. Each entry is an English sentence
pattern whose ``{parts}`` are the names and values, and the Korean sentence that takes
the same parts: names and values are never translated, only the words around them. A
message no entry matches stays in English (``untranslated`` lists such messages).
"""

from __future__ import annotations

import logging
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
    # --- the Python API, verbs and run folders -----------------------------------------------
    (
        "compose takes overrides only, not {what}",
        "compose 는 오버라이드만 받습니다 ({what} 은(는) 아님)",
    ),
    (
        "these overrides make a sweep of {n} configs; compose gives one",
        "이 오버라이드는 설정 {n} 개의 스윕이 됩니다; compose 는 하나만 줍니다",
    ),
    ("give one value per key (a,b is a sweep)", "키마다 값 하나를 주세요 (a,b 는 스윕)"),
    (
        "an override is text such as 'trainer.epochs=5', got {what}",
        "오버라이드는 'trainer.epochs=5' 같은 글인데 {what} 입니다",
    ),
    ("cannot predict on a {what}", "{what} 으로는 예측할 수 없습니다"),
    (
        "give a DataFrame, a NumPy array, or the path of a file or folder",
        "DataFrame, NumPy 배열, 또는 파일이나 폴더의 경로를 주세요",
    ),
    (
        "{verb} is not available in this version of dlpipe",
        "{verb} 은(는) 이 버전의 dlpipe 에 없습니다",
    ),
    ("see `python -m dlpipe --help`", "`python -m dlpipe --help` 를 보세요"),
    ("{name} is not a picture file name", "{name} 은(는) 그림 파일 이름이 아닙니다"),
    ("{name} is not a CSV file name", "{name} 은(는) CSV 파일 이름이 아닙니다"),
    ("end it with .csv, e.g. csv=compare.csv", ".csv 로 끝내세요, 예: csv=compare.csv"),
    (
        "end it with one of {endings}, e.g. plot=compare.png",
        "{endings} 중 하나로 끝내세요, 예: plot=compare.png",
    ),
    (
        "overwrite=true replaces an earlier export in the same folder",
        "overwrite=true 면 같은 폴더의 이전 내보내기를 바꿉니다",
    ),
    ("{path} is a file", "{path} 은(는) 파일입니다"),
    ("give a folder, e.g. {example}", "폴더를 주세요, 예: {example}"),
    (
        "{path} already exists; dlpipe does not replace files unless told to",
        "{path} 이(가) 이미 있습니다; dlpipe 는 시키지 않으면 파일을 바꾸지 않습니다",
    ),
    (
        "{path} already exists; dlpipe does not replace a file unless told to",
        "{path} 이(가) 이미 있습니다; dlpipe 는 시키지 않으면 파일을 바꾸지 않습니다",
    ),
    (
        "give another folder (output=...), or add overwrite=true to replace it",
        "다른 폴더를 주거나 (output=...), 바꾸려면 overwrite=true 를 더하세요",
    ),
    (
        "give another file name, or add overwrite=true to replace it",
        "다른 파일 이름을 주거나, 바꾸려면 overwrite=true 를 더하세요",
    ),
    (
        "format={name}: the export predicts up to {diff} away from the run's model on the same inputs; it was not kept",
        "format={name}: 내보낸 모델의 예측이 같은 입력에서 run 의 모델과 최대 {diff} 다릅니다; 남기지 않았습니다",
    ),
    (
        "Hydra's informational flags are for the command line",
        "Hydra 의 정보 플래그는 명령줄에서 씁니다",
    ),
    (
        "the sweep stopped (Hydra's exit code {code})",
        "스윕이 멈췄습니다 (Hydra 의 종료 코드 {code})",
    ),
    (
        "its message is above; the same command in a shell says the same",
        "메시지는 위에 있습니다; 셸에서 같은 명령을 실행해도 같습니다",
    ),
    ("name a folder: {example}", "폴더 이름을 주세요: {example}"),
    ("{name} is not a config name", "{name} 은(는) 설정 이름이 될 수 없습니다"),
    (
        "letters, digits and _, starting with a letter: it is typed as data=<name>",
        "글자, 숫자, _ 로 글자부터 시작: data=<name> 으로 씁니다",
    ),
    ("{what} describe a CSV", "{what} 은(는) CSV 를 설명합니다"),
    ("add csv=<file>: {example}", "csv=<file> 을 더하세요: {example}"),
    (
        "choose another name (init ... name=<name>) or another folder",
        "다른 이름 (init ... name=<name>) 이나 다른 폴더를 고르세요",
    ),
    ("format=notebook: {rest}", "format=notebook (노트북): {rest}"),
    ("cannot write {what} values as code", "{what} 값은 코드로 쓸 수 없습니다"),
    (
        "the column step {name} is dlpipe's own (e.g. datetime parts)",
        "열 단계 {name} 은(는) dlpipe 의 것입니다 (예: 날짜 부분)",
    ),
    (
        "models with blocks or head: none are not written out yet",
        "블록이나 head: none 이 있는 모델은 아직 쓰지 못합니다",
    ),
    (
        "it writes table runs (a CSV) for now; this run's data are {kind}",
        "지금은 표 데이터 (CSV) run 만 씁니다; 이 run 의 데이터는 {kind} 입니다",
    ),
    (
        "text columns read as words are not written out yet",
        "단어로 읽는 텍스트 열은 아직 쓰지 못합니다",
    ),
    (
        "data.columns and data.header=false are not written out yet",
        "data.columns 와 data.header=false 는 아직 쓰지 못합니다",
    ),
    (
        "the layer argument {name} is an object, not written out yet",
        "레이어 인자 {name} 은(는) 객체라 아직 쓰지 못합니다",
    ),
    (
        "{where} is not a plain layer (a block, a branch or a pretrained base)",
        "{where} 은(는) 평범한 레이어가 아닙니다 (블록, 분기, 사전학습 모델)",
    ),
    (
        "the run's {key} refers to values only Hydra had ({why})",
        "run 의 {key} 이(가) Hydra 에만 있던 값을 가리킵니다 ({why})",
    ),
    (
        "clean.lower_column_names is not written out yet",
        "clean.lower_column_names 는 아직 쓰지 못합니다",
    ),
    ("export the model instead: format=savedmodel", "대신 모델을 내보내세요: format=savedmodel"),
    (
        "trust_pickle=true reads a run saved by an older dlpipe (a pickle)",
        "trust_pickle=true 면 예전 dlpipe 가 저장한 run (pickle) 을 읽습니다",
    ),
    ("cannot write {path}: {why}", "{path} 에 쓸 수 없습니다: {why}"),
    ("give a file in a folder you can write to", "쓸 수 있는 폴더의 파일을 주세요"),
    (
        "give a file in a folder you can write to, e.g. plot=compare.png",
        "쓸 수 있는 폴더의 파일을 주세요, 예: plot=compare.png",
    ),
    (
        "give a file in a folder you can write to, e.g. {example}",
        "쓸 수 있는 폴더의 파일을 주세요, 예: {example}",
    ),
    ("{path} is not a config (a YAML mapping)", "{path} 은(는) 설정 (YAML 매핑) 이 아닙니다"),
    (
        "give a run folder written by training (e.g. outputs/<date>/<time>)",
        "학습이 만든 run 폴더를 주세요 (예: outputs/<date>/<time>)",
    ),
    ("unknown option {name}", "알 수 없는 옵션 {name} 입니다"),
    (
        "run {run} is {status}: there is nothing to resume",
        "run {run} 은(는) {status} 입니다: 이어서 할 것이 없습니다",
    ),
    (
        "a finished run's checkpoint is deleted; start a new run instead",
        "끝난 run 의 체크포인트는 지워집니다; 새 run 을 시작하세요",
    ),
    (
        "run {run} is still being trained by process {pid}",
        "run {run} 은(는) 아직 프로세스 {pid} 가 학습하고 있습니다",
    ),
    (
        "wait for it, or stop it (Ctrl-C / kill) and resume then",
        "기다리거나, 멈춘 뒤 (Ctrl-C / kill) 이어서 하세요",
    ),
    (
        "run {run} was trained in {folder}, outside this folder ({here}); a resumed run writes only under the folder it is resumed from",
        "run {run} 은(는) 이 폴더 ({here}) 밖의 {folder} 에서 학습했습니다; 이어서 하는 run 은 이어서 한 폴더 아래에만 씁니다",
    ),
    (
        "run the command from the folder the run was trained in",
        "run 을 학습한 폴더에서 명령을 실행하세요",
    ),
    (
        "run {run} left no checkpoint in {folder}",
        "run {run} 은(는) {folder} 에 체크포인트를 남기지 않았습니다",
    ),
    (
        "it was started with trainer.backup=false, or its folder was moved or deleted",
        "trainer.backup=false 로 시작했거나, 폴더가 옮겨지거나 지워졌습니다",
    ),
    ("a config file sends the record to {uri}", "설정 파일이 기록을 {uri} 로 보냅니다"),
    (
        "where runs are recorded is yours to choose: if you mean it, give it on the command line ({example}) or in MLFLOW_TRACKING_URI",
        "run 을 기록할 곳은 내가 고릅니다: 정말 그곳이라면 명령줄 ({example}) 이나 MLFLOW_TRACKING_URI 로 주세요",
    ),
    (
        "{path} and {n} folders named after it are taken",
        "{path} 와(과) 그 이름을 딴 폴더 {n} 개가 이미 쓰였습니다",
    ),
    ("name a new folder", "새 폴더 이름을 주세요"),
    (
        "{path} already holds files; dlpipe writes each run into a new folder and never over files it did not create",
        "{path} 에 이미 파일이 있습니다; dlpipe 는 run 마다 새 폴더에 쓰고, 자기가 만들지 않은 파일 위에는 쓰지 않습니다",
    ),
    (
        "name a new folder, e.g. {example}, or remove this one",
        "새 폴더 이름을 주거나 (예: {example}), 이 폴더를 지우세요",
    ),
    ("name a new folder, e.g. {example}", "새 폴더 이름을 주세요, 예: {example}"),
    (
        "{path} is the working folder{why}; each run writes into a folder of its own",
        "{path} 은(는) 작업 폴더입니다{why}; run 마다 자기 폴더에 씁니다",
    ),
    (
        "{path} is outside the working folder ({here}); a config file may only point the run inside it",
        "{path} 은(는) 작업 폴더 ({here}) 밖입니다; 설정 파일은 run 을 그 안에만 둘 수 있습니다",
    ),
    (
        "use a folder inside it, or name this one yourself on the command line: {example}",
        "그 안의 폴더를 쓰거나, 명령줄에서 직접 이 폴더를 주세요: {example}",
    ),
    (
        "{path}: quotes and backslashes are not supported in a run folder's name",
        "{path}: run 폴더 이름에는 따옴표와 역슬래시를 쓸 수 없습니다",
    ),
    (
        "name the folder with letters, digits, '-', '_' and '/'",
        "글자, 숫자, '-', '_', '/' 로 폴더 이름을 지으세요",
    ),
    (
        "overwrite=true replaces an existing {what} file",
        "overwrite=true 면 이미 있는 {what} 파일을 바꿉니다",
    ),
    (
        "a config file {verb} {path}, outside the working folder",
        "설정 파일이 작업 폴더 밖의 {path} 을(를) {verb}",
    ),
    (
        "a shared config keeps it inside the working folder (e.g. {example}); to use this one, give it on your command line: {line}",
        "공유된 설정은 그것을 작업 폴더 안에 둡니다 (예: {example}); 이것을 쓰려면 명령줄에서 주세요: {line}",
    ),
    (
        "{key} cannot be worked out before the run starts ({why})",
        "{key} 은(는) run 이 시작되기 전에 정할 수 없습니다 ({why})",
    ),
    ("name the folder plainly, e.g. {example}", "폴더 이름을 그대로 쓰세요, 예: {example}"),
    ("cannot create {path}: {why}", "{path} 을(를) 만들 수 없습니다: {why}"),
    (
        "run from a folder you can write to, or name another folder",
        "쓸 수 있는 폴더에서 실행하거나, 다른 폴더를 주세요",
    ),
    (
        "{path} already holds files (another run started there)",
        "{path} 에 이미 파일이 있습니다 (다른 run 이 거기서 시작함)",
    ),
    (
        "{n} of the sweep's jobs failed ({m} finished; their messages are above)",
        "스윕 작업 중 {n} 개가 실패했습니다 ({m} 개 완료; 메시지는 위에 있음)",
    ),
    (
        "the failed jobs are recorded as FAILED runs; see them with python -m dlpipe compare",
        "실패한 작업은 FAILED run 으로 기록됩니다; python -m dlpipe compare 로 보세요",
    ),
    (
        "Hydra's rerun loads a pickle file, which can run any code",
        "Hydra 의 rerun 은 어떤 코드든 실행할 수 있는 pickle 파일을 읽습니다",
    ),
    (
        "a primary config of your own is not read: dlpipe's conf/config.yaml chooses the groups and holds the checked defaults",
        "내 기본 설정 파일은 읽지 않습니다: 그룹 선택과 검사된 기본값은 dlpipe 의 conf/config.yaml 이 정합니다",
    ),
    (
        "keep your configs in ./conf (or name the folder with --config-dir DIR): its experiment/<name>.yaml runs with experiment=<name>",
        "내 설정은 ./conf 에 두세요 (또는 --config-dir DIR 로 폴더 지정): 그 안의 experiment/<name>.yaml 은 experiment=<name> 으로 실행합니다",
    ),
    (
        "check the override's syntax: key=value or group=name",
        "오버라이드 문법을 확인하세요: key=value 또는 group=name",
    ),
    (
        "holds a YAML {kind}, not keys and values",
        "키와 값이 아니라 YAML {kind} 이(가) 들어 있습니다",
    ),
    ("names no folder", "폴더를 주지 않았습니다"),
    ("{flag} DIR: a folder of your own configs", "{flag} DIR: 내 설정 폴더"),
    ("given twice", "두 번 주어졌습니다"),
    ("one folder of your own configs per command", "명령마다 내 설정 폴더 하나"),
    (
        "a link to {target}, outside the config folder",
        "설정 폴더 밖의 {target} 을(를) 가리키는 링크입니다",
    ),
    (
        "copy the file into the folder instead of linking to it",
        "링크 대신 파일을 폴더 안에 복사하세요",
    ),
    # --- config files and Hydra ----------------------------------------------------------------
    ("{value} is not a plain folder name", "{value} 은(는) 평범한 폴더 이름이 아닙니다"),
    (
        "{value} is not a database URL Optuna can keep a study in",
        "{value} 은(는) Optuna 가 study 를 둘 수 있는 데이터베이스 URL 이 아닙니다",
    ),
    (
        "{path} exists and is not an Optuna study (Optuna would add its tables to it)",
        "{path} 은(는) 이미 있고 Optuna study 가 아닙니다 (Optuna 가 그 안에 표를 더하게 됩니다)",
    ),
    (
        "{option} is not allowed: dlpipe runs only the Hydra options it ships",
        "{option} 은(는) 쓸 수 없습니다: dlpipe 는 함께 제공하는 Hydra 선택지만 실행합니다",
    ),
    (
        "{name} is not allowed: dlpipe configs cannot import or call Python code",
        "{name} 은(는) 쓸 수 없습니다: dlpipe 설정은 Python 코드를 불러오거나 부를 수 없습니다",
    ),
    (
        "{name} is not allowed in a layer argument: it would import Python code",
        "{name} 은(는) 레이어 인자에 쓸 수 없습니다: Python 코드를 불러오게 됩니다",
    ),
    (
        "use a Keras name instead, e.g. kernel_regularizer: l2 or activation: relu",
        "대신 Keras 이름을 쓰세요, 예: kernel_regularizer: l2 또는 activation: relu",
    ),
    ("the training fraction must be > 0", "학습 비율은 0 보다 커야 합니다"),
    ("must be {expected}, got {value}", "{expected} 이어야 하는데 {value} 입니다"),
    (
        "{n} characters: MLflow takes experiment names of up to {limit}",
        "{n} 글자: MLflow 의 실험 이름은 {limit} 자까지입니다",
    ),
    (
        "{n} characters: MLflow takes run names of up to {limit}",
        "{n} 글자: MLflow 의 run 이름은 {limit} 자까지입니다",
    ),
    (
        "a short name for the run, e.g. tracking.run_name=baseline",
        "run 의 짧은 이름, 예: tracking.run_name=baseline",
    ),
    (
        "{name} cannot name a registered model: MLflow refuses an empty name, '/' and ':',"
        " and a name that starts with '.'",
        "{name} 은(는) 등록 모델 이름이 될 수 없습니다: MLflow 는 빈 이름, '/' 와 ':', '.' 로"
        " 시작하는 이름을 받지 않습니다",
    ),
    ("e.g. tracking.register=penguins-classifier", "예: tracking.register=penguins-classifier"),
    (
        "{alias} cannot be a model alias: MLflow takes letters, digits, '_' and '-' (up to"
        " {n}), not 'latest' or a version such as 'v2'",
        "{alias} 은(는) 모델 별칭이 될 수 없습니다: MLflow 는 글자, 숫자, '_', '-' 만 ({n} 자까지)"
        " 받고, 'latest' 나 'v2' 같은 버전 이름은 받지 않습니다",
    ),
    (
        "e.g. tracking.alias=candidate (then promote a version to champion yourself)",
        "예: tracking.alias=candidate (그다음 버전 하나를 직접 champion 으로 올리세요)",
    ),
    ("missing 'name'", "'name' 이 없습니다"),
    ("the YAML cannot be read: {why}", "YAML 을 읽을 수 없습니다: {why}"),
    (
        "check the indentation, the colons and the brackets near that line",
        "그 줄 근처의 들여쓰기, 콜론, 괄호를 확인하세요",
    ),
    (
        "{n} characters: more than a config holds ({limit} at most)",
        "{n} 글자: 설정 하나에 담기에는 너무 깁니다 (최대 {limit})",
    ),
    (
        "{n} bytes: more than a config holds ({limit} at most)",
        "{n} 바이트: 설정 하나에 담기에는 너무 큽니다 (최대 {limit})",
    ),
    (
        "not a regular file (a device or a pipe, which could be read for ever)",
        "보통 파일이 아닙니다 (끝없이 읽힐 수 있는 장치나 파이프)",
    ),
    # --- data ----------------------------------------------------------------------------------
    (
        "the embedded penguins data set is not installed (package palmerpenguins)",
        "내장 펭귄 데이터가 설치되어 있지 않습니다 (palmerpenguins 패키지)",
    ),
    (
        "reinstall dlpipe (pip install -e .), or give data.path=<your file.csv>",
        "dlpipe 를 다시 설치하거나 (pip install -e .), data.path=<your file.csv> 를 주세요",
    ),
    ("unknown embedded series {name}", "알 수 없는 내장 시계열 {name} 입니다"),
    (
        "{path} inflates to {size} MiB, more than this machine can hold for it ({free} MiB free for it)",
        "{path} 은(는) 풀면 {size} MiB 로, 이 컴퓨터가 담을 수 있는 것보다 큽니다 (남은 {free} MiB)",
    ),
    (
        "is it the file you meant? a run's model.keras is a few MB unpacked",
        "원하던 파일이 맞나요? run 의 model.keras 는 풀어도 몇 MB 입니다",
    ),
    (
        "{path} is not a readable archive ({why})",
        "{path} 은(는) 읽을 수 있는 압축 파일이 아닙니다 ({why})",
    ),
    (
        "{path} is compressed with zstd, which needs the zstandard package",
        "{path} 은(는) zstd 로 압축되어 zstandard 패키지가 필요합니다",
    ),
    (
        "pip install zstandard (or give the file as .csv or .csv.gz)",
        "pip install zstandard (또는 파일을 .csv 나 .csv.gz 로 주세요)",
    ),
    ("no file to read", "읽을 파일이 없습니다"),
    ("set data.path=<your file.csv>", "data.path=<your file.csv> 로 정하세요"),
    ("{path} could not be parsed: {why}", "{path} 을(를) 읽어 낼 수 없습니다: {why}"),
    ("is the separator right? {example}", "구분자가 맞나요? {example}"),
    (
        "{path} has no line end in its first {n} MiB: it is not a table with a header row",
        "{path} 의 처음 {n} MiB 에 줄 끝이 없습니다: 머리글 행이 있는 표가 아닙니다",
    ),
    (
        "give a CSV file (one row a line, the column names first)",
        "CSV 파일을 주세요 (한 줄에 한 행, 열 이름이 먼저)",
    ),
    ("{path} holds no images", "{path} 에 이미지가 없습니다"),
    (
        "{path} has {n} class folder(s) with images; a classifier needs at least 2",
        "{path} 에 이미지가 든 클래스 폴더가 {n} 개뿐입니다; 분류기에는 2 개 이상이 필요합니다",
    ),
    (
        "lay it out as <path>/<class name>/<image files> (png, jpg, bmp, gif)",
        "<path>/<클래스 이름>/<이미지 파일> (png, jpg, bmp, gif) 로 두세요",
    ),
    ("expected [height, width], got {value}", "[height, width] 여야 하는데 {value} 입니다"),
    ("no folder to read", "읽을 폴더가 없습니다"),
    ("data.path=<folder>", "data.path=<folder> 로 폴더를 주세요"),
    (
        "{path} is not a readable image ({why})",
        "{path} 은(는) 읽을 수 있는 이미지가 아닙니다 ({why})",
    ),
    ("no local copy of {name} and {why}", "{name} 의 로컬 사본이 없고 {why}"),
    (
        "{path} is not a readable .npz file ({why})",
        "{path} 은(는) 읽을 수 있는 .npz 파일이 아닙니다 ({why})",
    ),
    ("{path} has no {name}.gz", "{path} 에 {name}.gz 가 없습니다"),
    ("{path} is not a valid IDX file ({why})", "{path} 은(는) 올바른 IDX 파일이 아닙니다 ({why})"),
    ("{path} is not a CIFAR-10 batch ({why})", "{path} 은(는) CIFAR-10 배치가 아닙니다 ({why})"),
    (
        "{path} lacks the arrays {names} (it has {have})",
        "{path} 에 배열 {names} 이(가) 없습니다 (있는 것: {have})",
    ),
    (
        "an .npz like Keras' mnist.npz: x_train, y_train, x_test, y_test",
        "Keras 의 mnist.npz 같은 .npz: x_train, y_train, x_test, y_test",
    ),
    ("which column to predict?", "어느 열을 예측하나요?"),
    ("missing values in {name}", "{name} 에 결측값이 있습니다"),
    (
        "fill or drop them before windowing (a gap would silently shift every window)",
        "윈도우를 만들기 전에 채우거나 지우세요 (빈 곳이 있으면 모든 윈도우가 조용히 밀립니다)",
    ),
    ("column {name} is not numeric (e.g. {value})", "{name} 열은 숫자가 아닙니다 (예: {value})"),
    (
        "list only numeric columns in data.series.features; name the date column in data.series.time_column",
        "data.series.features 에는 숫자 열만 적고, 날짜 열은 data.series.time_column 에 적으세요",
    ),
    ("{n} rows cannot be split {split}", "{n} 행은 {split} 로 나눌 수 없습니다"),
    ("cannot split the data: {why}", "데이터를 나눌 수 없습니다: {why}"),
    (
        "set data.path=<file.tsv> or a glob, e.g. data.path='sentiment/*_labelled.txt'",
        "data.path=<file.tsv> 나 glob 을 주세요, 예: data.path='sentiment/*_labelled.txt'",
    ),
    (
        "set data.encoding, e.g. data.encoding=latin-1",
        "data.encoding 을 정하세요, 예: data.encoding=latin-1",
    ),
    # --- models --------------------------------------------------------------------------------
    (
        "image augmentation needs image inputs (height, width, channels); this model's input is {shape}",
        "이미지 증강에는 이미지 입력 (height, width, channels) 이 필요합니다; 이 모델의 입력은 {shape} 입니다",
    ),
    (
        "turn augmentation off for this data (e.g. data.augment.flip=null)",
        "이 데이터에서는 증강을 끄세요 (예: data.augment.flip=null)",
    ),
    (
        "${name} is not a parameter of block {block}",
        "${name} 은(는) 블록 {block} 의 매개변수가 아닙니다",
    ),
    (
        "blocks must be a mapping of block name → {params, layers}",
        "blocks 는 블록 이름 → {{params, layers}} 의 매핑이어야 합니다",
    ),
    ("an Input entry takes only a 'shape' list", "Input 항목은 'shape' 목록만 받습니다"),
    (
        "${name} is a block parameter, but this layer is not inside a block",
        "${name} 은(는) 블록 매개변수인데 이 레이어는 블록 안에 있지 않습니다",
    ),
    (
        "expected a list of names or a mapping of name → default, got {value}",
        "이름 목록이나 이름 → 기본값 매핑이어야 하는데 {value} 입니다",
    ),
    ("parameter name {name} is not an identifier", "매개변수 이름 {name} 은(는) 식별자가 아닙니다"),
    (
        "Input can only be the first entry of model.layers",
        "Input 은 model.layers 의 첫 항목에만 올 수 있습니다",
    ),
    ("block {name} uses itself ({chain})", "블록 {name} 이(가) 자기 자신을 씁니다 ({chain})"),
    (
        "an entry is either a layer (type) or a block (block), not both",
        "항목은 레이어 (type) 나 블록 (block) 중 하나입니다, 둘 다는 아님",
    ),
    (
        "a block needs a non-empty 'layers' list",
        "블록에는 비어 있지 않은 'layers' 목록이 필요합니다",
    ),
    ("block {name} needs a value for {param}", "블록 {name} 에는 {param} 의 값이 필요합니다"),
    (
        "a block takes one input, got inputs: {names}",
        "블록은 입력 하나를 받는데 입력이 {names} 입니다",
    ),
    (
        "merge them first with {type: Concatenate, inputs: [...]} or {type: Add, ...}",
        "먼저 {{type: Concatenate, inputs: [...]}} 나 {{type: Add, ...}} 로 합치세요",
    ),
    ("the name {name} is already taken", "이름 {name} 은(는) 이미 쓰였습니다"),
    (
        "give this use its own name: {block: ..., name: <unique name>}",
        "이 사용에 이름을 따로 주세요: {{block: ..., name: <unique name>}}",
    ),
    ("the layer name {name} is reserved", "레이어 이름 {name} 은(는) 예약되어 있습니다"),
    (
        "'input' refers to the model's (or block's) input, 'output' is the head; pick another name",
        "'input' 은 모델 (또는 블록) 의 입력, 'output' 은 출력층입니다; 다른 이름을 고르세요",
    ),
    ("a layer name cannot contain '/'", "레이어 이름에는 '/' 를 쓸 수 없습니다"),
    (
        "inputs must be a name or a non-empty list of names, got {value}",
        "inputs 는 이름이나 비어 있지 않은 이름 목록이어야 하는데 {value} 입니다",
    ),
    ("a layer is a mapping, got {value}", "레이어는 매핑이어야 하는데 {value} 입니다"),
    ("block {name} has no parameter {param}", "블록 {name} 에는 매개변수 {param} 이(가) 없습니다"),
    (
        "{what} receives an input of shape {shape}, but a prediction per sample needs 2-D (batch, features)",
        "{what} 의 입력 모양이 {shape} 인데, 샘플마다 예측하려면 2 차원 (batch, features) 이어야 합니다",
    ),
    (
        "the Input shape {shape} does not match the data's shape {data}",
        "Input 모양 {shape} 이(가) 데이터의 모양 {data} 와 맞지 않습니다",
    ),
    (
        "Dense receives a {n}-D input of shape {shape}, so it is applied to the last axis only and the model's output stays {m}-D {out}",
        "Dense 의 입력이 {n} 차원 {shape} 이라 마지막 축에만 적용되고 모델의 출력은 {m} 차원 {out} 으로 남습니다",
    ),
    (
        "the output layer cannot take an input of shape {shape}: {why}",
        "출력층은 모양이 {shape} 인 입력을 받을 수 없습니다: {why}",
    ),
    (
        "the last layer must give a fixed number of features per sample",
        "마지막 레이어는 샘플마다 정해진 수의 특성을 내야 합니다",
    ),
    (
        "{path} is not in the data's folder ({folder}); a layer reads files only from there",
        "{path} 은(는) 데이터 폴더 ({folder}) 에 있지 않습니다; 레이어는 거기서만 파일을 읽습니다",
    ),
    (
        "put the file beside the data, or write the {key} as a list: {example}",
        "파일을 데이터 옆에 두거나, {key} 를 목록으로 쓰세요: {example}",
    ),
    (
        "format={name} needs {what}, not installed here",
        "format={name} 에는 {what} 이(가) 필요한데 여기 설치되어 있지 않습니다",
    ),
    (
        "pip install 'dlpipe[export]' (or pick format=savedmodel or format=tflite)",
        "pip install 'dlpipe[export]' (또는 format=savedmodel 이나 format=tflite 를 고르세요)",
    ),
    (
        "format={name}: the converter could not take this model: {why}",
        "format={name}: 변환기가 이 모델을 받지 못했습니다: {why}",
    ),
    (
        "format={name}: the exported file does not run in its own runtime: {why}; it was not kept",
        "format={name}: 내보낸 파일이 그 런타임에서 돌지 않습니다: {why}; 남기지 않았습니다",
    ),
    (
        "try another format (savedmodel takes every Keras model)",
        "다른 형식을 써 보세요 (savedmodel 은 모든 Keras 모델을 받습니다)",
    ),
    (
        "{loss} is a classification loss but the task is regression",
        "{loss} 은(는) 분류 손실인데 과제는 회귀입니다",
    ),
    ("use mse, mae or huber (or loss: auto)", "mse, mae, huber 를 쓰세요 (또는 loss: auto)"),
    (
        "{loss} needs one-hot labels but the labels are integers",
        "{loss} 에는 원-핫 레이블이 필요한데 레이블이 정수입니다",
    ),
    (
        "use sparse_categorical_crossentropy, or data.target_encoding=onehot",
        "sparse_categorical_crossentropy 나 data.target_encoding=onehot 을 쓰세요",
    ),
    ("softmax over 1 unit always outputs 1.0", "유닛 1 개의 softmax 는 늘 1.0 을 냅니다"),
    (
        "for 2 classes use 1 unit with sigmoid (or head: auto)",
        "클래스 2 개에는 sigmoid 유닛 1 개를 쓰세요 (또는 head: auto)",
    ),
    ("sigmoid on a multi-class output", "다중 클래스 출력에 sigmoid 를 썼습니다"),
    ("use softmax (or head: auto)", "softmax 를 쓰세요 (또는 head: auto)"),
    ("{activation} output for a regression target", "회귀 target 에 {activation} 출력을 썼습니다"),
    ("cannot read {value} as a {what}", "{value} 을(를) {what} (으)로 읽을 수 없습니다"),
    ("{value} is Python, not YAML", "{value} 은(는) YAML 이 아니라 Python 입니다"),
    (
        "could not download the ImageNet weights of {name} (no internet connection?)",
        "{name} 의 ImageNet 가중치를 내려받지 못했습니다 (인터넷 연결이 없나요?)",
    ),
    (
        "dlpipe gives the base its input from the layers before it",
        "dlpipe 는 앞의 레이어에서 사전학습 모델의 입력을 줍니다",
    ),
    ("expected true or false", "true 나 false 여야 합니다"),
    (
        "weights: {value} is neither null, imagenet nor a Keras weights file",
        "weights: {value} 은(는) null 도 imagenet 도 Keras 가중치 파일도 아닙니다",
    ),
    (
        "Keras 3 loads weights from .weights.h5 (model.save_weights), .h5 (the downloaded ImageNet files) or .keras files",
        "Keras 3 는 .weights.h5 (model.save_weights), .h5 (내려받은 ImageNet 파일), .keras 파일에서 가중치를 읽습니다",
    ),
    (
        "the weights file {path} does not exist (looked from {folder})",
        "가중치 파일 {path} 이(가) 없습니다 ({folder} 에서 찾음)",
    ),
    (
        "give an absolute path, or a path relative to the folder you run dlpipe from",
        "절대 경로나, dlpipe 를 실행하는 폴더 기준의 경로를 주세요",
    ),
    (
        "{name} needs images (batch, height, width, channels), got an input of shape {shape}",
        "{name} 에는 이미지 (batch, height, width, channels) 가 필요한데 입력 모양이 {shape} 입니다",
    ),
    (
        "use image data (e.g. data=mnist, or an image folder)",
        "이미지 데이터를 쓰세요 (예: data=mnist, 또는 이미지 폴더)",
    ),
    # --- the rest: preprocessing, predicting, the store ---------------------------------------
    (
        'dlpipe.train("trainer.epochs=5") or dlpipe.train(**{"trainer.epochs": 5})',
        '예: dlpipe.train("trainer.epochs=5") 또는 dlpipe.train(**{{"trainer.epochs": 5}})',
    ),
    ("already exists: init writes new files only", "이미 있습니다: init 은 새 파일만 씁니다"),
    (
        "{loss} is a regression loss but the target has {classes}",
        "{loss} 은(는) 회귀 손실인데 target 에는 {classes} 가 있습니다",
    ),
    (
        "{loss} needs 2 classes but the target has {classes}",
        "{loss} 에는 클래스 2 개가 필요한데 target 에는 {classes} 가 있습니다",
    ),
    ("unknown {what} {name}", "알 수 없는 {what} {name} 입니다"),
    (
        "on a machine with internet download {url}, then either set weights: /path/to/{file} in this entry, or copy it into {folder}/ (Keras looks there first); {rest}",
        "인터넷이 되는 컴퓨터에서 {url} 을(를) 내려받은 뒤, 이 항목에 weights: /path/to/{file} 을 적거나 {folder}/ 에 복사하세요 (Keras 가 먼저 찾는 곳); {rest}",
    ),
    (
        "the saved date columns ask for {part}: not a calendar part",
        "저장된 날짜 열이 {part} 을(를) 찾는데, 달력의 부분이 아닙니다",
    ),
    (
        "the run's preprocessor was altered: use the run's own files, or retrain it",
        "run 의 전처리기가 바뀌었습니다: run 의 원래 파일을 쓰거나 다시 학습하세요",
    ),
    (
        "images must be (height, width) or (height, width, channels), got {shape}",
        "이미지는 (height, width) 나 (height, width, channels) 여야 하는데 {shape} 입니다",
    ),
    (
        "images of shape {shape} do not fit this model's input {input}",
        "모양이 {shape} 인 이미지는 이 모델의 입력 {input} 에 맞지 않습니다",
    ),
    (
        "give image files (they are resized and converted) or arrays of the training shape",
        "이미지 파일 (크기와 형식을 맞춰 줌) 이나 학습 때 모양의 배열을 주세요",
    ),
    (
        "labels outside 0..{high} (found {low}..{top})",
        "0..{high} 밖의 레이블이 있습니다 ({low}..{top})",
    ),
    ("the input has no column 'path'", "입력에 'path' 열이 없습니다"),
    ("give image files or a folder of them", "이미지 파일이나 이미지 폴더를 주세요"),
    ("unknown kind {kind} for column {name}", "{name} 열의 종류 {kind} 을(를) 알 수 없습니다"),
    ("labels not seen in training: {labels}", "학습에서 보지 못한 레이블: {labels}"),
    (
        "use more rows or keep data.split.stratify=true",
        "행을 더 쓰거나 data.split.stratify=true 로 두세요",
    ),
    (
        "the data has {n} class(es); a classifier needs at least 2",
        "데이터의 클래스가 {n} 개뿐입니다; 분류기에는 2 개 이상이 필요합니다",
    ),
    (
        "check the labels (and data.limit: the first rows may all share one class)",
        "레이블을 확인하세요 (data.limit: 앞쪽 행이 모두 같은 클래스일 수 있음)",
    ),
    (
        "{path} holds a {kind}, not a preprocessor",
        "{path} 에는 전처리기가 아니라 {kind} 이(가) 있습니다",
    ),
    (
        "{path} was saved by an older dlpipe as a pickle, which can run any code when it is loaded",
        "{path} 은(는) 예전 dlpipe 가 pickle 로 저장한 것이라, 읽을 때 어떤 코드든 실행될 수 있습니다",
    ),
    (
        "if you trust where this run came from, add trust_pickle=true (DLPIPE_TRUST_PICKLE=1 for its MLflow model); otherwise retrain it",
        "이 run 의 출처를 믿는다면 trust_pickle=true 를 더하세요 (MLflow 모델은 DLPIPE_TRUST_PICKLE=1); 아니면 다시 학습하세요",
    ),
    (
        "{path} asks for a type dlpipe does not load: {type}",
        "{path} 이(가) dlpipe 가 읽지 않는 타입을 요구합니다: {type}",
    ),
    (
        "{path} is not a readable preprocessor ({why})",
        "{path} 은(는) 읽을 수 있는 전처리기가 아닙니다 ({why})",
    ),
    (
        "use more rows, a shorter window (data.series.window), or a larger data.split.train",
        "행을 더 쓰거나, 윈도우를 줄이거나 (data.series.window), data.split.train 을 늘리세요",
    ),
    ("unknown data source {name}", "알 수 없는 데이터 종류 {name} 입니다"),
    (
        "the label column {name} looks continuous; text runs classify",
        "레이블 열 {name} 이(가) 연속값 같습니다; 텍스트 run 은 분류합니다",
    ),
    ("set data.task=binary or multiclass", "data.task=binary 나 multiclass 로 정하세요"),
    (
        "the test part has {n} rows: too few for one prediction {h} step(s) ahead",
        "test 구간이 {n} 행뿐이라 {h} 단계 앞의 예측 하나에도 모자랍니다",
    ),
    ("use more rows or a larger data.split.test", "행을 더 쓰거나 data.split.test 를 늘리세요"),
    (
        "input_dim={n} is smaller than the vocabulary ({m} indices, counting 0 = padding and 1 = unknown)",
        "input_dim={n} 이(가) 단어 사전 ({m} 개의 번호, 0 = 패딩, 1 = 모르는 단어 포함) 보다 작습니다",
    ),
    (
        "use input_dim: ${data.text.max_tokens}, or lower data.text.max_tokens",
        "input_dim: ${{data.text.max_tokens}} 를 쓰거나 data.text.max_tokens 를 낮추세요",
    ),
    ("an array is not an input of a {kind} run", "배열은 {kind} run 의 입력이 아닙니다"),
    (
        "give a DataFrame or the path of a file, as for the predict verb",
        "predict 명령처럼 DataFrame 이나 파일 경로를 주세요",
    ),
    (
        "evaluate reads a labelled table; a {kind} run's input holds no labels here",
        "evaluate 는 정답이 있는 표를 읽습니다; {kind} run 의 입력에는 여기서 정답이 없습니다",
    ),
    (
        "evaluate a table run on a CSV with its target column; for this run, python -m dlpipe predict gives the predictions",
        "표 run 을 target 열이 있는 CSV 로 평가하세요; 이 run 은 python -m dlpipe predict 로 예측을 얻습니다",
    ),
    ("the run's config.yaml: {key}: {why}", "run 의 config.yaml: {key}: {why}"),
    (
        "the run's config.yaml was changed after training: use the run's own files",
        "run 의 config.yaml 이 학습 뒤에 바뀌었습니다: run 의 원래 파일을 쓰세요",
    ),
    ("give a CSV file", "CSV 파일을 주세요"),
    (
        "this run's model reads tables: give a CSV file ({kind} run)",
        "이 run 의 모델은 표를 읽습니다: CSV 파일을 주세요 ({kind} run)",
    ),
    ("give at least {n} rows", "적어도 {n} 행을 주세요"),
    (
        "the input has no column {name}: this run predicts changes from its last values",
        "입력에 {name} 열이 없습니다: 이 run 은 마지막 값에서의 변화를 예측합니다",
    ),
    ("give the series with its {name} column", "{name} 열이 있는 시계열을 주세요"),
    ("target values not seen in training: {values}", "학습에서 보지 못한 target 값: {values}"),
    (
        "an array of shape {shape} for a table of {n} columns",
        "열 {n} 개의 표에 모양이 {shape} 인 배열입니다",
    ),
    (
        "one row per sample, the columns in this order: {columns} (or give a DataFrame)",
        "샘플마다 한 행, 열은 이 순서로: {columns} (또는 DataFrame 을 주세요)",
    ),
    ("the input has no column {name}", "입력에 {name} 열이 없습니다"),
    ("the model needs the columns: {columns}", "모델에 필요한 열: {columns}"),
    (
        "the input has no column {name}: evaluate needs the true values",
        "입력에 {name} 열이 없습니다: evaluate 에는 정답이 필요합니다",
    ),
    (
        "give a CSV with the target column {name} beside the features",
        "특성 옆에 target 열 {name} 이(가) 있는 CSV 를 주세요",
    ),
    (
        "no row has a value in the target column {name}",
        "target 열 {name} 에 값이 있는 행이 없습니다",
    ),
    (
        "give labelled rows: the true values in the target column",
        "정답이 있는 행을 주세요: target 열에 참값",
    ),
    (
        "every input row has a missing value in a feature column",
        "모든 입력 행에 특성 열의 결측값이 있습니다",
    ),
    ("fill in the missing values", "결측값을 채우세요"),
    (
        "fix those values, or leave them empty (such rows get no prediction)",
        "그 값을 고치거나 비워 두세요 (그런 행은 예측하지 않음)",
    ),
    (
        "max_tokens={n} leaves no room for words (0 is padding, 1 unknown)",
        "max_tokens={n} 이면 단어가 들어갈 자리가 없습니다 (0 은 패딩, 1 은 모르는 단어)",
    ),
    ("could not open a run at {uri}: {why}", "{uri} 에 run 을 열 수 없습니다: {why}"),
    ("no experiment named {name} in {uri}", "{uri} 에 {name} 이라는 실험이 없습니다"),
    ("no run has a metric {name}", "지표 {name} 이(가) 있는 run 이 없습니다"),
    (
        "the experiment {name} was deleted (it is in the trash of {uri})",
        "실험 {name} 은(는) 지워졌습니다 ({uri} 의 휴지통에 있음)",
    ),
    (
        "restore it: {command}; or use another name: {example}",
        "되살리세요: {command}; 또는 다른 이름을 쓰세요: {example}",
    ),
    (
        "only runs recorded by `dlpipe` can be re-run; was the artifact replaced?",
        "`dlpipe` 가 기록한 run 만 다시 실행할 수 있습니다; 파일이 바뀌었나요?",
    ),
    ("no run {run} in {uri}", "{uri} 에 run {run} 이(가) 없습니다"),
    (
        "copy the id the training printed ('MLflow run <id>') or from `mlflow ui`; set tracking.uri=<uri> when the run is in another store",
        "학습이 출력한 id ('MLflow run <id>') 나 `mlflow ui` 의 id 를 복사하세요; run 이 다른 저장소에 있으면 tracking.uri=<uri> 로 정하세요",
    ),
    (
        "give a run id from `dlpipe compare` (or the MLflow UI), or a run folder; set tracking.uri=... if the run is in another store",
        "`dlpipe compare` (또는 MLflow UI) 의 run id 나 run 폴더를 주세요; run 이 다른 저장소에 있으면 tracking.uri=... 로 정하세요",
    ),
    ("run {run} has no config.yaml artifact", "run {run} 에 config.yaml 파일이 없습니다"),
    (
        "only runs recorded by `dlpipe` (with tracking enabled) can be re-run",
        "`dlpipe` 가 (기록을 켜고) 기록한 run 만 다시 실행할 수 있습니다",
    ),
    (
        "{path} was written by an older MLflow (schema {old}; MLflow {version} uses {new})",
        "{path} 은(는) 예전 MLflow 가 쓴 것입니다 (스키마 {old}; MLflow {version} 은(는) {new})",
    ),
    ("back the file up, then upgrade it: {command}", "파일을 백업한 뒤 올리세요: {command}"),
    (
        "{uri} is a file store, which current MLflow no longer supports",
        "{uri} 은(는) 파일 저장소이고, 지금의 MLflow 는 더 이상 지원하지 않습니다",
    ),
    (
        "{path} is a folder, not a database file",
        "{path} 은(는) 데이터베이스 파일이 아니라 폴더입니다",
    ),
    (
        "{path} was written by a newer MLflow than the one installed ({why})",
        "{path} 은(는) 설치된 것보다 새 MLflow 가 쓴 것입니다 ({why})",
    ),
    (
        "run dlpipe where that MLflow is installed (pip install -U mlflow), or use another store: tracking.uri=sqlite:///<new file>.db",
        "그 MLflow 가 설치된 곳에서 dlpipe 를 실행하거나 (pip install -U mlflow), 다른 저장소를 쓰세요: tracking.uri=sqlite:///<new file>.db",
    ),
    (
        "{uri} is not a database address SQLAlchemy reads ({why})",
        "{uri} 은(는) SQLAlchemy 가 읽는 데이터베이스 주소가 아닙니다 ({why})",
    ),
    (
        "no tracking server answers at {uri} ({why})",
        "{uri} 에서 응답하는 tracking 서버가 없습니다 ({why})",
    ),
    (
        "{path} is damaged or was altered after training ({why})",
        "{path} 이(가) 망가졌거나 학습 뒤에 바뀌었습니다 ({why})",
    ),
    ("use the run's own files, or train it again", "run 의 원래 파일을 쓰거나 다시 학습하세요"),
    (
        "{path} is not a model Keras can read ({why})",
        "{path} 은(는) Keras 가 읽을 수 있는 모델이 아닙니다 ({why})",
    ),
    (
        "give a run folder written by dlpipe's training (its model.keras)",
        "dlpipe 의 학습이 만든 run 폴더 (그 model.keras) 를 주세요",
    ),
    (
        "{path} holds Python code (a Lambda layer), which dlpipe never loads",
        "{path} 에는 Python 코드 (Lambda 레이어) 가 있어 dlpipe 는 읽지 않습니다",
    ),
    (
        "dlpipe's models have no Lambda layers: this file was not written by dlpipe's training; retrain it, or load it yourself if you trust its author",
        "dlpipe 의 모델에는 Lambda 레이어가 없습니다: 이 파일은 dlpipe 의 학습이 쓴 것이 아닙니다; 다시 학습하거나, 만든 이를 믿는다면 직접 읽으세요",
    ),
    # --- what a run prints (its log lines) ----------------------------------------------------
    (
        "columns: {used} used, {left} left out (change one with {example})",
        "열: {used} 개 사용, {left} 개 제외 (바꾸려면 {example})",
    ),
    ("note: {rest}", "알림: {rest}"),
    ("{name} left out ({why}); to use it: {example}", "{name} 제외 ({why}); 쓰려면: {example}"),
    (
        "{name} left out ({why}): it names a row rather than describing it",
        "{name} 제외 ({why}): 행을 설명하지 않고 행의 이름을 붙입니다",
    ),
    (
        "{name} left out ({why}); to read its words: {example}",
        "{name} 제외 ({why}); 단어로 읽으려면: {example}",
    ),
    (
        "data: {n} rows have no {name} value: left out (nothing to learn from)",
        "data: {n} 행에 {name} 값이 없어 뺍니다 (배울 것이 없음)",
    ),
    (
        "data: {name} — {n} rows after row steps → train {a} / val {b} / test {c}; {f} features; task {task}",
        "data: {name} — 행 단계 뒤 {n} 행 → train {a} / val {b} / test {c}; 특성 {f} 개; 과제 {task}",
    ),
    (
        "data.split.test is not used: {name} brings its own test set",
        "data.split.test 는 쓰지 않습니다: {name} 에는 자체 test 세트가 있습니다",
    ),
    (
        "data: {name} — images {shape}, {n} classes → train {a} / val {b} / test {c} (pixels × {scale})",
        "data: {name} — 이미지 {shape}, 클래스 {n} 개 → train {a} / val {b} / test {c} (픽셀 × {scale})",
    ),
    (
        "data: {name} — image folder {path}, {n} classes ({classes}), images {shape} → {parts} (streamed in batches)",
        "data: {name} — 이미지 폴더 {path}, 클래스 {n} 개 ({classes}), 이미지 {shape} → {parts} (배치로 읽음)",
    ),
    (
        "data: {name} — {n} sentences → train {a} / val {b} / test {c}; vocabulary {v} words (learned on train), sequences of {length}, {side}-padded",
        "data: {name} — 문장 {n} 개 → train {a} / val {b} / test {c}; 단어 사전 {v} 개 (train 에서 배움), 길이 {length} 의 시퀀스, {side} 쪽 패딩",
    ),
    (
        "data: the {name} part is shorter than one window; not used",
        "data: {name} 구간이 윈도우 하나보다 짧아 쓰지 않습니다",
    ),
    (
        "data: {name} — {n} rows in time order → windows of {w} × {f} features{extra}, horizon {h}, stride {s}, {how}: {what}",
        "data: {name} — 시간 순서의 {n} 행 → 윈도우 {w} × 특성 {f}{extra}, 예측 범위 {h}, 간격 {s}, {how}: {what}",
    ),
    (
        "input column {name} has values training never saw: {values} ({n} rows); the model treats them as none of the known ones ({known})",
        "입력 열 {name} 에 학습에서 보지 못한 값이 있습니다: {values} ({n} 행); 모델은 이를 아는 값 ({known}) 중 어느 것도 아닌 것으로 다룹니다",
    ),
    (
        "{n} input rows have missing values: no prediction for them",
        "입력 {n} 행에 결측값이 있어 예측하지 않습니다",
    ),
    (
        "callbacks.checkpoint.filename: Keras 3 saves .keras files; writing {name}",
        "callbacks.checkpoint.filename: Keras 3 는 .keras 파일로 저장합니다; {name} 에 씁니다",
    ),
    (
        "callbacks.{which}.monitor={name} but there is no validation data; monitoring {other}",
        "callbacks.{which}.monitor={name} 인데 검증 데이터가 없습니다; {other} 을(를) 지켜봅니다",
    ),
    (
        "{path} is taken by another run; this one writes to {other}",
        "{path} 은(는) 다른 run 이 썼습니다; 이 run 은 {other} 에 씁니다",
    ),
    (
        "data.path {path} is not here; reading {other}, where the run read it",
        "data.path {path} 이(가) 여기 없습니다; run 이 읽은 {other} 을(를) 읽습니다",
    ),
    (
        "reproducing run {run} ({status}) from its stored config",
        "저장된 설정으로 run {run} ({status}) 을(를) 다시 실행합니다",
    ),
    ("changed on the command line: {changes}", "명령줄에서 바꾼 것: {changes}"),
    ("warning: {rest}", "경고: {rest}"),
    (
        "resuming run {run} ({status}; epochs 0..{n} already logged)",
        "run {run} 을(를) 이어서 학습합니다 ({status}; 에포크 0..{n} 은 이미 기록됨)",
    ),
    ("MLflow run {run} in experiment {name} ({uri})", "MLflow run {run}, 실험 {name} ({uri})"),
    (
        "early stopping: stopped after epoch {k} of {n}: {monitor} did not improve by {d}"
        " for {p} epochs",
        "조기 종료: 에포크 {n} 중 {k} 에서 멈췄습니다: {monitor} 가 {p} 에포크 동안 {d} 만큼"
        " 나아지지 않았습니다",
    ),
    (
        "the model keeps the weights of epoch {k} (best {monitor} {value})",
        "모델은 에포크 {k} 의 가중치를 씁니다 (가장 좋은 {monitor} {value})",
    ),
    (
        "registering the model as {name}: load it with {uri}",
        "모델을 {name} 으로 등록합니다: {uri} 로 불러오세요",
    ),
    (
        "resuming run {run} with its own config; ignored: {ignored} (only {keys} may change)",
        "run {run} 을(를) 자기 설정으로 이어서 학습합니다; 무시한 것: {ignored} ({keys} 만 바꿀 수 있음)",
    ),
    (
        "completing the record of run {run} ({status}): its training finished, its files are in {path}",
        "run {run} ({status}) 의 기록을 마칩니다: 학습은 끝났고 파일은 {path} 에 있습니다",
    ),
    ("  see it at: {uri}", "  보려면: {uri}"),
    (
        "  see it with: mlflow ui --backend-store-uri {uri}",
        "  보려면: mlflow ui --backend-store-uri {uri}",
    ),
    (
        "  see it with: mlflow ui --backend-store-uri {uri}   (or: make ui)",
        "  보려면: mlflow ui --backend-store-uri {uri}   (또는: make ui)",
    ),
    (
        "MLflow run {run}{resumed} (if interrupted, continue it with: python -m dlpipe trainer.resume={id})",
        "MLflow run {run}{resumed} (중단되면 이어서: python -m dlpipe trainer.resume={id})",
    ),
    (
        "interrupted: MLflow run {run} ends KILLED; the last completed epoch is backed up in {path}\n  continue it with: python -m dlpipe trainer.resume={id}",
        "중단됨: MLflow run {run} 은(는) KILLED 로 끝납니다; 마지막으로 끝난 에포크는 {path} 에 백업되어 있습니다\n  이어서: python -m dlpipe trainer.resume={id}",
    ),
    ("test: {metrics}", "test 결과: {metrics}"),
    # --- what the verbs print ---------------------------------------------------------------
    (
        "your configs: {path} (read before dlpipe's own)",
        "내 설정: {path} (dlpipe 의 것보다 먼저 읽음)",
    ),
    (
        "dlpipe: your configs from {path} (read before dlpipe's own)",
        "dlpipe: 내 설정 {path} (dlpipe 의 것보다 먼저 읽음)",
    ),
    ("config OK: {what}", "설정 OK: {what}"),
    ("wrote {path}", "썼습니다: {path}"),
    (
        "next: {command}   # then without check: train",
        "다음: {command}   # 그다음 check 없이: 학습",
    ),
    (
        "kept {path} (init writes new files only)",
        "{path} 은(는) 그대로 둡니다 (init 은 새 파일만 씀)",
    ),
    (
        "data: dlpipe's embedded penguins (init csv=<file> writes one for yours)",
        "data: dlpipe 에 내장된 펭귄 (init csv=<file> 로 내 데이터의 설정을 씀)",
    ),
    (
        "target: {name}, the last column (init ... target=<column> chooses another; or edit {path})",
        "target: {name}, 마지막 열 (init ... target=<column> 으로 다른 열을 고르거나 {path} 를 고치세요)",
    ),
    (
        "{path} replaces dlpipe's data config {name} when run from {folder} (init ... name=<name> keeps both)",
        "{folder} 에서 실행하면 {path} 이(가) dlpipe 의 data 설정 {name} 을(를) 대신합니다 (init ... name=<name> 이면 둘 다 남음)",
    ),
    (
        "model: {name}, the model group for this kind of data (choose another with model=<name>)",
        "model: {name}, 이 종류의 데이터에 맞는 모델 그룹 (다른 것은 model=<name> 으로)",
    ),
    ("exported {run} as {name} → {path}", "{run} 을(를) {name} (으)로 내보냈습니다 → {path}"),
    (
        "checked: it predicts as the run's model (largest difference {diff} on 8 inputs); how to feed it: {readme}, {json}",
        "확인: run 의 모델과 같게 예측합니다 (입력 8 개에서 가장 큰 차이 {diff}); 입력 만드는 법: {readme}, {json}",
    ),
    (
        "wrote {run} as a plain notebook → {path}",
        "{run} 을(를) 평범한 노트북으로 썼습니다 → {path}",
    ),
    (
        "it needs pandas, scikit-learn and Keras only; run all its cells (on a CPU, with the same seed, it reaches the run's test metrics)",
        "pandas, scikit-learn, Keras 만 필요합니다; 모든 셀을 실행하세요 (CPU 에서 같은 seed 로 run 의 test 지표가 나옴)",
    ),
    (
        "evaluated {run} on {path} ({n} rows): {metrics}",
        "{run} 을(를) {path} ({n} 행) 로 평가했습니다: {metrics}",
    ),
    (
        "not recorded: a run folder has no MLflow run; give the run id to record it",
        "기록하지 않음: run 폴더에는 MLflow run 이 없습니다; 기록하려면 run id 를 주세요",
    ),
    (
        "recorded as MLflow run {child}, a child of run {run}",
        "MLflow run {child} 로 기록했습니다 (run {run} 의 하위 run)",
    ),
    (
        "predicted {n} rows{skipped} with {run} → {path}",
        "{run} 으로 {n} 행을 예측했습니다{skipped} → {path}",
    ),
    ("{n} runs, sorted by {metric} ({order})", "run {n} 개, {metric} 순 ({order})"),
    ("plot: {path}", "그림: {path}"),
    ("table: {path}", "표: {path}"),
    (
        "1 more column does not fit: csv=compare.csv writes it",
        "열 하나가 화면에 다 들어가지 않습니다: csv=compare.csv 로 쓸 수 있습니다",
    ),
    (
        "{n} more columns do not fit: csv=compare.csv writes them all",
        "열 {n} 개는 화면에 다 들어가지 않습니다: csv=compare.csv 로 모두 쓸 수 있습니다",
    ),
    (
        "MLflow parent run {run}; compare the jobs: python -m dlpipe compare",
        "MLflow 부모 run {run}; 작업 비교: python -m dlpipe compare",
    ),
    (
        "dlpipe: {verb} reads what the run recorded; --config-dir is not needed here",
        "dlpipe: {verb} 은(는) run 이 기록한 것을 읽습니다; 여기서는 --config-dir 이 필요 없습니다",
    ),
    (
        "dlpipe: a sweep of {n} jobs; checking each one's config first",
        "dlpipe: 작업 {n} 개의 스윕; 먼저 각 설정을 검사합니다",
    ),
    (
        "{metric} does not beat the naive baseline ({base}: always {guess}): train longer (trainer.epochs), or check the features and data.preprocess",
        "{metric} 은(는) 나이브 기준선 ({base}: 늘 {guess}) 을 넘지 못합니다: 더 오래 학습하거나 (trainer.epochs), 특성과 data.preprocess 를 확인하세요",
    ),
    (
        "the {which} was still falling at the last epoch ({a} → {b}): the model had not finished learning; more epochs may help, e.g. {example}",
        "마지막 에포크에도 {which} 이(가) 줄고 있었습니다 ({a} → {b}): 모델이 아직 덜 배웠습니다; 에포크를 늘리면 나아질 수 있습니다, 예: {example}",
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


class KoreanLines(logging.Formatter):
    """The console's formatter: a run's lines in Korean when Korean is chosen (the run
    folder's log file keeps English, for searching and for bug reports)."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        return translated(line) if korean() else line


HANGUL = re.compile(r"[\uac00-\ud7a3]")


def has_korean(text: str) -> bool:
    """Whether ``text`` holds Korean words (a translated message does)."""
    return bool(HANGUL.search(text))

"""The header names a sheet of accounts may use, English or Chinese: they read the input, so
they are not translated."""

#: header as written in the sheet → field
COLUMNS = {
    "username": "username",
    "用户名": "username",
    "name": "name",
    "姓名": "name",
    "role": "role",
    "角色": "role",
    "unit": "unit",
    "单位": "unit",
    "单位编码": "unit",
    "phone": "phone",
    "手机号": "phone",
}
